import { disposalDate } from '../records/registry-rules';
import { addDays } from '../requests/working-days';

/** A request's file as retention sees it. */
export interface RequestForRetention {
  readonly status: string;
  /** The Swedish day the copies (or the letter) went out. */
  readonly deliveredOn: string | null;
  /** The Swedish day a request closed without delivery (withdrawn by the requester). */
  readonly closedOn: string | null;
  readonly appeals: readonly { readonly decidedOn: string | null }[];
}

/**
 * When a request is closed: delivered (or withdrawn), and every appeal
 * answered; the day is the latest of the delivery (or withdrawal) and the
 * courts' answers. Open: null.
 */
export function requestClosedOn(request: RequestForRetention): string | null {
  const ended =
    request.status === 'delivered'
      ? request.deliveredOn
      : request.status === 'withdrawn'
        ? request.closedOn
        : null;
  if (ended === null) {
    return null;
  }
  let closed = ended;
  for (const appeal of request.appeals) {
    if (appeal.decidedOn === null) {
      return null;
    }
    closed = appeal.decidedOn > closed ? appeal.decidedOn : closed;
  }
  return closed;
}

/** A request, its decisions and delivered copies go this many years after it closed. */
export function requestDisposalDate(
  request: RequestForRetention,
  yearsAfterClosing: number,
): string | null {
  return disposalDate(requestClosedOn(request), yearsAfterClosing);
}

/** Due on or before `today`. */
export function isDue(disposalOn: string | null, today: string): boolean {
  return disposalOn !== null && disposalOn <= today;
}

/** The last day of a look-ahead of `days` days from today (the archivist's 30 and 90). */
export function horizon(today: string, days: number): string {
  return addDays(today, days);
}

/** Why a record is kept past its date (`holdReasonText` words it). */
export type HoldReason =
  | { readonly kind: 'request'; readonly registrationNumber: string }
  | { readonly kind: 'appeal'; readonly registrationNumber: string }
  | { readonly kind: 'appeal_window'; readonly registrationNumber: string; readonly until: string }
  | { readonly kind: 'manual'; readonly reason: string; readonly holdId: string };

/** The rules disposals are logged under. */
export const RULES = {
  plans: (years: number) =>
    `IUP gallras ${years} år efter att eleven lämnat grundskolan (informationshanteringsplanen)`,
  requests: (years: number) =>
    `Begäranden om allmän handling med beslut och utlämnade kopior gallras ${years} år efter att ärendet avslutats`,
} as const;
