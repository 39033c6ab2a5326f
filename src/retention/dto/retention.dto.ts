import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class PlaceHoldDto {
  @ApiProperty({ example: 'IUP-2026-00012' })
  @IsString({ message: 'måste vara text' })
  @MaxLength(30)
  registrationNumber!: string;

  @ApiProperty({ example: 'Tillsyn från Skolinspektionen pågår.' })
  @IsString({ message: 'måste vara text' })
  @MaxLength(500)
  reason!: string;
}

export class LiftHoldDto {
  @ApiProperty({ example: 'Tillsynen är avslutad.' })
  @IsString({ message: 'måste vara text' })
  @MaxLength(500)
  reason!: string;
}
