import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../password-rules';

export class SetPasswordDto {
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, example: 'ett långt lösenord' })
  @IsString({ message: 'Ange ett lösenord.' })
  @MaxLength(MAX_PASSWORD_LENGTH, { message: 'Lösenordet är för långt.' })
  password!: string;
}
