import { ApiProperty } from '@nestjs/swagger';

import type { RecordSearchHitView, RecordSearchView } from '../views/record-search.view';

/* The reviewers' record search, as the OpenAPI description shows it. */

export class RecordSearchHitDto implements RecordSearchHitView {
  @ApiProperty({ format: 'uuid' })
  recordId!: string;

  @ApiProperty({ example: 'IUP-2026-00002' })
  registrationNumber!: string;

  @ApiProperty({ example: 'Ella Andersson' })
  pupilName!: string;

  @ApiProperty({ example: 'Ekbackens skola' })
  schoolUnitName!: string;

  @ApiProperty({ example: '2025/26' })
  period!: string;

  @ApiProperty({ minimum: 1 })
  version!: number;

  @ApiProperty({ format: 'date', description: 'The Swedish day the version was established' })
  establishedOn!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The sekretessmarkering’s provision (a signal, never a decision)',
  })
  marking!: string | null;

  @ApiProperty({ description: 'The pupil has protected identity (skyddade personuppgifter)' })
  protectedIdentity!: boolean;

  @ApiProperty({ description: 'Held from disposal by a request or appeal naming it' })
  held!: boolean;

  @ApiProperty({ description: 'Held from disposal by the archivist (a hold not lifted)' })
  heldByArchivist!: boolean;

  @ApiProperty({ description: 'Already one of the given request’s records' })
  inRequest!: boolean;

  @ApiProperty({ type: [String], description: 'The signals in Swedish' })
  signals!: string[];
}

export class RecordSearchDto implements RecordSearchView {
  @ApiProperty({ type: [RecordSearchHitDto] })
  hits!: RecordSearchHitDto[];

  @ApiProperty({ description: 'More records match than are shown: narrow the search' })
  more!: boolean;

  @ApiProperty({ type: [String], description: 'What the search text was read as (Swedish)' })
  understood!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why a personal identity number in the text cannot be one (Swedish)',
  })
  problem!: string | null;
}
