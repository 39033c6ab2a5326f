import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'mentor' })
  @IsString({ message: 'Ange användarnamn.' })
  @MinLength(1, { message: 'Ange användarnamn.' })
  @MaxLength(100, { message: 'Användarnamnet är för långt.' })
  username!: string;

  @ApiProperty({ example: 'lösenord' })
  @IsString({ message: 'Ange lösenord.' })
  @MinLength(1, { message: 'Ange lösenord.' })
  @MaxLength(200, { message: 'Lösenordet är för långt.' })
  password!: string;
}
