import { ApiProperty } from '@nestjs/swagger';

import type { ReviewDocument, ReviewSuggestion } from '../redaction.service';

/*
 * A record as the reviewer sees it, as the OpenAPI description shows it; the
 * classes implement the service's types.
 */

type ReviewSection = ReviewDocument['sections'][number];
type ReviewField = ReviewSection['fields'][number];

export class ReviewSuggestionDto implements ReviewSuggestion {
  @ApiProperty({ type: 'integer', description: 'UTF-16 offset into the field’s text' })
  start!: number;

  @ApiProperty({ type: 'integer' })
  end!: number;

  @ApiProperty({ description: 'The free-text guard’s category', example: 'health' })
  category!: string;

  @ApiProperty({ description: 'Why it may need striking (Swedish)' })
  explanation!: string;
}

export class ReviewFieldDto implements ReviewField {
  @ApiProperty({
    description: 'Stable field id; redactions name it',
    example: 'assessments.2.text',
  })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  heading!: string | null;

  @ApiProperty({ type: String, nullable: true })
  label!: string | null;

  @ApiProperty()
  text!: string;

  @ApiProperty({
    type: () => [ReviewSuggestionDto],
    description: 'Suggested redactions, for the reviewer to accept or not',
  })
  suggestions!: ReviewSuggestionDto[];
}

export class ReviewSectionDto implements ReviewSection {
  @ApiProperty({ type: String, nullable: true })
  heading!: string | null;

  @ApiProperty({ type: () => [ReviewFieldDto] })
  fields!: ReviewFieldDto[];
}

export class ReviewDocumentDto implements ReviewDocument {
  @ApiProperty({ format: 'uuid' })
  recordId!: string;

  @ApiProperty({ example: 'IUP-2026-00042' })
  registrationNumber!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A sekretessmarkering: a signal to the reviewer, never a decision',
  })
  confidentialityMarking!: string | null;

  @ApiProperty({ type: [String], description: 'The legal grounds a redaction may name' })
  grounds!: string[];

  @ApiProperty({ type: () => [ReviewSectionDto] })
  sections!: ReviewSectionDto[];
}
