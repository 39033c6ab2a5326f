import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class SpanDto {
  @ApiProperty({ description: 'First struck character (UTF-16 offset into the field text)' })
  @IsInt({ message: 'måste vara ett heltal' })
  @Min(0, { message: 'får inte vara negativt' })
  start!: number;

  @ApiProperty({ description: 'One past the last struck character' })
  @IsInt({ message: 'måste vara ett heltal' })
  @Min(1, { message: 'måste vara minst 1' })
  end!: number;
}

export class RedactionDto {
  @ApiProperty({
    example: 'assessments.0.text',
    description: 'A field id from the review document',
  })
  @IsString({ message: 'måste vara ett fält-id' })
  @MaxLength(100)
  fieldId!: string;

  @ApiProperty({ example: 'OSL 23 kap. 2 §', description: 'One of the configured legal grounds' })
  @IsString({ message: 'måste vara en sekretessgrund' })
  @MaxLength(200)
  ground!: string;

  @ApiPropertyOptional({ type: SpanDto, description: 'Omitted: the whole field is struck' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SpanDto)
  span?: SpanDto;
}

export class CopyPreviewDto {
  @ApiProperty({ type: [RedactionDto] })
  @IsArray({ message: 'måste vara en lista' })
  @ArrayMaxSize(1000, { message: 'högst 1000 maskeringar per handling' })
  @ValidateNested({ each: true })
  @Type(() => RedactionDto)
  redactions!: RedactionDto[];
}
