import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class SetPasswordDto {
  @ApiProperty({ minLength: 12, example: 'ett långt lösenord' })
  @IsString({ message: 'Ange ett lösenord.' })
  @MaxLength(200, { message: 'Lösenordet är för långt.' })
  password!: string;
}
