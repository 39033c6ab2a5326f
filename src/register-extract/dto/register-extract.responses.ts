import { ApiProperty } from '@nestjs/swagger';

import type { ExtractView } from '../extract-views';
import { EXTRACT_ASKERS, EXTRACT_STATUSES } from '../register-extract.entities';
import type { ExtractAsker, ExtractStatus } from '../register-extract.entities';

/** A register extract's state and the job's progress (ids only: no name, no content). */
export class ExtractViewDto implements ExtractView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty({ enum: EXTRACT_ASKERS })
  askedBy!: ExtractAsker;

  @ApiProperty({ example: 'Personen själv' })
  askedByText!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiProperty({ format: 'date', description: 'A month from the request (GDPR art. 12.3)' })
  dueOn!: string;

  @ApiProperty({ enum: EXTRACT_STATUSES })
  status!: ExtractStatus;

  @ApiProperty({ example: 'Tas fram' })
  statusText!: string;

  @ApiProperty({ type: 'integer' })
  stepsDone!: number;

  @ApiProperty({ type: 'integer' })
  stepsTotal!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  percent!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  producedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: string | null;

  @ApiProperty()
  isOverdue!: boolean;

  @ApiProperty()
  hasFiles!: boolean;
}
