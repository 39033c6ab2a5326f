import { ApiProperty } from '@nestjs/swagger';

import type { DisposalLogEntry, DisposalPlan, DueRecord } from '../retention.service';
import type { HeldRecordView, RetentionOverviewView } from '../views/retention-overview.view';

/*
 * Retention as the OpenAPI description shows it; the classes implement the
 * types the views return.
 */

export class DueRecordDto implements DueRecord {
  @ApiProperty({ example: 'IUP-2020-00042' })
  registrationNumber!: string;

  @ApiProperty({ format: 'date' })
  disposalDate!: string;
}

export class DueRecordsDto {
  @ApiProperty({ type: 'integer' })
  count!: number;

  @ApiProperty({ type: () => [DueRecordDto], description: 'The first ones, earliest date first' })
  first!: DueRecordDto[];
}

export class HoldReasonDto {
  @ApiProperty({ description: 'Why it is held (Swedish)' })
  text!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The archivist’s hold, which can be lifted; null for a hold by rule',
  })
  holdId!: string | null;
}

export class HeldRecordDto implements HeldRecordView {
  @ApiProperty()
  registrationNumber!: string;

  @ApiProperty({ description: 'The date, or “–” while there is none' })
  disposalDate!: string;

  @ApiProperty({ type: () => [HoldReasonDto] })
  reasons!: HoldReasonDto[];
}

export class DisposalPlanDto implements DisposalPlan {
  @ApiProperty({ type: 'integer' })
  records!: number;

  @ApiProperty({ type: 'integer' })
  draftPlans!: number;

  @ApiProperty({ type: 'integer' })
  requests!: number;

  @ApiProperty({ type: [String], description: 'The first registration numbers that would go' })
  registrationNumbers!: string[];
}

export class DisposalLogEntryDto implements DisposalLogEntry {
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty()
  rule!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Rows disposed of, per kind',
  })
  counts!: Record<string, number>;

  @ApiProperty({ type: [String] })
  registrationNumbers!: string[];
}

export class RetentionOverviewDto implements RetentionOverviewView {
  @ApiProperty({ format: 'date' })
  today!: string;

  @ApiProperty({ type: 'integer' })
  yearsAfterLeaving!: number;

  @ApiProperty({ type: 'integer' })
  requestYears!: number;

  @ApiProperty({ type: () => DueRecordsDto })
  due30!: DueRecordsDto;

  @ApiProperty({ type: () => DueRecordsDto })
  due90!: DueRecordsDto;

  @ApiProperty({ type: () => [HeldRecordDto] })
  held!: HeldRecordDto[];

  @ApiProperty({ type: () => DisposalPlanDto, description: 'What the next disposal would do' })
  dryRun!: DisposalPlanDto;

  @ApiProperty({ type: () => [DisposalLogEntryDto] })
  log!: DisposalLogEntryDto[];
}

export class HoldPlacedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

export class DisposalQueuedDto {
  @ApiProperty({ description: 'The queued job' })
  jobId!: string;
}
