import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';

import type { FieldCarryOver, FieldSourceDecision } from '../carry-over';

export class CarryOverDto {
  @ApiProperty({
    description: 'The decided item (in this request or another) to carry the decision from',
  })
  @IsString({ message: 'måste vara ett id' })
  @MaxLength(36)
  fromItemId!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['pupil.name'],
    description: 'The fields to carry the decision over to (their text must be unchanged)',
  })
  @IsOptional()
  @IsArray({ message: 'måste vara en lista' })
  @ArrayMinSize(1, { message: 'välj minst en uppgift' })
  @ArrayMaxSize(500)
  @IsString({ each: true, message: 'måste vara uppgifternas id' })
  @MaxLength(200, { each: true })
  fieldIds?: string[];

  @ApiPropertyOptional({
    description: 'Instead of fieldIds: every field whose text is unchanged and decided otherwise',
  })
  @IsOptional()
  @IsBoolean({ message: 'ska vara true eller false' })
  allUnchanged?: boolean;

  @ApiProperty({ description: 'The item version the reviewer saw' })
  @IsInt({ message: 'måste vara handlingens version (ett heltal)' })
  @Min(0)
  version!: number;
}

export class CarriedOverDto {
  @ApiProperty({ type: 'integer', description: 'Fields the decision was carried over to' })
  carried!: number;
}

class FieldSourceDecisionDto implements FieldSourceDecision {
  @ApiProperty() itemId!: string;
  @ApiProperty({ example: 'BEG-2026-00012' }) requestRegistrationNumber!: string;
  @ApiProperty() sameRequest!: boolean;
  @ApiProperty({ example: 'IUP-2026-00003' }) registrationNumber!: string;
  @ApiProperty({ enum: ['released', 'struck', 'refused'] }) outcome!:
    'released' | 'struck' | 'refused';
  @ApiProperty({ type: [String] }) grounds!: string[];
  @ApiProperty({ type: 'integer' }) struckCount!: number;
  @ApiProperty({ description: 'The field’s text is the same in both records' }) unchanged!: boolean;
  @ApiProperty({ description: 'Carrying it over would change this record’s decision on the field' })
  differs!: boolean;
}

export class FieldCarryOverDto implements FieldCarryOver {
  @ApiProperty({ example: 'pupil.name' }) fieldId!: string;
  @ApiProperty({ example: 'Elev' }) place!: string;
  @ApiProperty({ type: [FieldSourceDecisionDto] }) sources!: FieldSourceDecisionDto[];
}
