import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ErrorCode, FieldPassage, FieldProblem } from '../errors/domain-error';
import type { ApiErrorBody } from './error.filter';

/*
 * The one error shape of the JSON API (`ErrorFilter`), as the OpenAPI
 * description names it: every error response of every operation refers to
 * `ErrorResponse`. The classes implement the filter's types, so the two
 * cannot part without the compiler noticing.
 */

export class FieldPassageDto implements FieldPassage {
  @ApiProperty({ description: 'UTF-16 offset of the passage in the field’s text' })
  start!: number;

  @ApiProperty({ description: 'UTF-16 offset just past the passage' })
  end!: number;

  @ApiProperty()
  match!: string;

  @ApiProperty({ description: 'A little of the text before the passage' })
  before!: string;

  @ApiProperty({ description: 'A little of the text after the passage' })
  after!: string;

  @ApiProperty({ description: 'What the check found: `health`, `classmate_name`, …' })
  category!: string;

  @ApiProperty({ enum: ['block', 'warn'] })
  severity!: 'block' | 'warn';

  @ApiProperty({ description: 'Why, and what to write instead (Swedish)' })
  message!: string;
}

export class FieldProblemDto implements FieldProblem {
  @ApiProperty({
    description: 'Dotted path of the field (`contact.email`), or the header (`Idempotency-Key`)',
  })
  field!: string;

  @ApiPropertyOptional({ description: 'The field’s name as a page shows it (Swedish)' })
  label?: string;

  @ApiProperty({ type: [String], description: 'What is wrong (Swedish)' })
  problems!: string[];

  @ApiPropertyOptional({
    type: () => [FieldPassageDto],
    description: 'Passages of a free text that a check found',
  })
  passages?: FieldPassageDto[];
}

export class ErrorDetailDto {
  @ApiProperty({ type: 'integer', description: 'The HTTP status, again', example: 404 })
  status!: number;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', description: 'Stable; for machines' })
  code!: ErrorCode;

  @ApiProperty({
    description: 'Fit to show to the person (Swedish)',
    example: 'Sidan eller uppgiften finns inte.',
  })
  message!: string;

  @ApiProperty({ type: () => [FieldProblemDto], description: 'Empty unless fields were wrong' })
  fields!: FieldProblemDto[];

  @ApiPropertyOptional({
    type: String,
    description:
      'The correlation id (also the `X-Request-Id` response header): quote it to the municipality',
    example: '3f0c2f1e-9a51-4c8e-9d3b-2a6c1e0b7f10',
  })
  requestId!: string | undefined;
}

/** `{ error: { status, code, message, fields, requestId } }`: every failure of the API. */
export class ErrorResponse implements ApiErrorBody {
  @ApiProperty({ type: () => ErrorDetailDto })
  error!: ErrorDetailDto;
}
