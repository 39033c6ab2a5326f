import type { HoldReason } from '../retention-rules';
import type { HeldRecord, RetentionOverview } from '../retention.service';

/** A held record as the archivist's page and `GET /api/v1/retention` show it. */
export interface HeldRecordView {
  readonly registrationNumber: string;
  /** The date, or a dash while there is none. */
  readonly disposalDate: string;
  readonly reasons: readonly { readonly text: string; readonly holdId: string | null }[];
}

export interface RetentionOverviewView extends Omit<RetentionOverview, 'held'> {
  readonly held: readonly HeldRecordView[];
}

/** Why a record is held, in Swedish. */
export function holdReasonText(reason: HoldReason): string {
  switch (reason.kind) {
    case 'request':
      return `Begäran ${reason.registrationNumber} är inte avslutad`;
    case 'appeal':
      return `Överklagande av ${reason.registrationNumber} pågår`;
    case 'appeal_window':
      return `Beslutet i ${reason.registrationNumber} kan överklagas till och med ${reason.until}`;
    case 'manual':
      return `Spärrad av arkivarien: ${reason.reason}`;
  }
}

export function toHeldRecordView(record: HeldRecord): HeldRecordView {
  return {
    registrationNumber: record.registrationNumber,
    disposalDate: record.disposalDate ?? '–',
    reasons: record.reasons.map((reason) => ({
      text: holdReasonText(reason),
      holdId: reason.kind === 'manual' ? reason.holdId : null,
    })),
  };
}

/** The overview worded; its keys keep their order (the API's JSON). */
export function toRetentionOverviewView(overview: RetentionOverview): RetentionOverviewView {
  return { ...overview, held: overview.held.map(toHeldRecordView) };
}
