import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { ImportStatus, ImportView, ImportWithReport } from '../directory-import.service';
import type { ImportOutcome, ImportReportEntry } from '../directory-importer';
import type { PupilCard, PupilSummary } from '../directory.queries';
import type { ImportFormat } from '../import/import-document';

/*
 * The directory's answers as the OpenAPI description shows them. Each class
 * implements the type the service returns, so a field added there and
 * forgotten here fails to compile.
 */

export class PupilSummaryDto implements PupilSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  givenName!: string;

  @ApiProperty()
  familyName!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  classId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '4A' })
  className!: string | null;

  @ApiProperty({ type: String, nullable: true })
  schoolUnitName!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 4 })
  schoolYear!: number | null;
}

export class PupilGuardianDto {
  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Protected identity: no contact details are ever shown' })
  hasProtectedIdentity!: boolean;
}

export class PupilCardDto extends PupilSummaryDto implements PupilCard {
  @ApiProperty({ type: String, nullable: true, example: 'Grundskola' })
  schoolForm!: string | null;

  @ApiProperty()
  hasProtectedIdentity!: boolean;

  @ApiProperty({ type: () => [PupilGuardianDto] })
  guardians!: PupilGuardianDto[];
}

export class ImportCountsDto {
  @ApiProperty({ type: 'integer' })
  created!: number;

  @ApiProperty({ type: 'integer' })
  updated!: number;

  @ApiProperty({ type: 'integer' })
  unchanged!: number;

  @ApiProperty({ type: 'integer' })
  rejected!: number;
}

export class ImportViewDto implements ImportView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['ss12000', 'csv'] satisfies ImportFormat[] })
  format!: ImportFormat;

  @ApiProperty()
  fileName!: string;

  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] satisfies ImportStatus[] })
  status!: ImportStatus;

  @ApiProperty({ type: 'integer' })
  totalItems!: number;

  @ApiProperty({ type: 'integer' })
  processedItems!: number;

  @ApiProperty({ type: () => ImportCountsDto })
  counts!: ImportCountsDto;

  @ApiProperty({ type: String, nullable: true, description: 'Why the import failed (Swedish)' })
  failure!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
}

export class ImportReportEntryDto implements ImportReportEntry {
  @ApiProperty({ description: 'Where in the file: `persons[3]`, `rad 7`', example: 'persons[3]' })
  source!: string;

  @ApiProperty({ description: 'What the item is (Swedish)', example: 'person' })
  kind!: string;

  @ApiProperty({ enum: ['created', 'updated', 'unchanged', 'rejected'] satisfies ImportOutcome[] })
  outcome!: ImportOutcome;

  @ApiPropertyOptional({ description: 'Why it was rejected (Swedish)' })
  reason?: string;

  @ApiPropertyOptional({ type: [String], description: 'The fields that changed (names only)' })
  changes?: string[];
}

export class ImportWithReportDto extends ImportViewDto implements ImportWithReport {
  @ApiProperty({
    type: () => [ImportReportEntryDto],
    description: 'One entry per item of the file',
  })
  report!: ImportReportEntryDto[];
}
