import { Decision, decisionLabel, RequestStatus } from '../request-lifecycle';
import { workingDaysBetween } from '../working-days';

/** One request as the report counts it. */
export interface ReportRequest {
  /** YYYY-MM-DD, the day it came in: it is counted in that month. */
  readonly receivedOn: string;
  readonly status: RequestStatus;
  /** The Swedish day it was decided, or null while open. */
  readonly decidedOn: string | null;
  readonly decisionDue: string | null;
  /** Working days spent waiting for the requester's answer (not counted). */
  readonly waitedWorkingDays: number;
  /** The decision on each record. */
  readonly outcomes: readonly Decision[];
  /** The day the first action was due (the same working day) and the Swedish day it came, or null. */
  readonly firstActionDue: string | null;
  readonly firstActionOn: string | null;
}

export const STATUSES: readonly RequestStatus[] = [
  'received',
  'in_review',
  'awaiting_clarification',
  'decided',
  'delivered',
  'withdrawn',
];

export const OUTCOMES: readonly Decision[] = [
  'release',
  'release_with_redactions',
  'refuse',
  'no_public_record',
];

export interface MonthReport {
  /** YYYY-MM. */
  readonly month: string;
  readonly received: number;
  readonly byStatus: Readonly<Record<RequestStatus, number>>;
  readonly decided: number;
  /** Working days from receipt to decision, waiting for the requester not counted. */
  readonly medianWorkingDays: number | null;
  readonly p90WorkingDays: number | null;
  /** Open past the decision date today, or decided after it. */
  readonly overdue: number;
  readonly decidedOnTime: number;
  readonly decidedLate: number;
  /** The same-day first action: taken by its day, or after it (or still not, and past it). */
  readonly firstActionOnTime: number;
  readonly firstActionLate: number;
  readonly open: number;
  /** Records decided, by outcome, and each outcome's share of them (0–1). */
  readonly outcomes: Readonly<Record<Decision, number>>;
  readonly outcomeShares: Readonly<Record<Decision, number>>;
}

export interface Report {
  readonly from: string;
  readonly to: string;
  readonly months: readonly MonthReport[];
  readonly total: Omit<MonthReport, 'month'>;
}

/**
 * A percentile by linear interpolation between the nearest ranks (the
 * method of PERCENTILE.INC in spreadsheets): the median of 1 and 2 is 1.5.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const value = (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (rank - low);
  return Math.round(value * 10) / 10;
}

/** The months from `from` to `to` (YYYY-MM), both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard += 1) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > to) {
      break;
    }
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** Working days a decided request took, the requester's waiting not counted. */
export function workingDaysToDecision(request: ReportRequest): number | null {
  if (!request.decidedOn) {
    return null;
  }
  return Math.max(
    0,
    workingDaysBetween(request.receivedOn, request.decidedOn) - request.waitedWorkingDays,
  );
}

/**
 * Whether the first action came by its day: on time, late (after it, or
 * none yet and the day has passed while the request is open), or not
 * counted (none due yet, or withdrawn before anyone acted).
 */
export function firstActionTimeliness(
  request: Pick<ReportRequest, 'firstActionDue' | 'firstActionOn' | 'status'>,
  today: string,
): 'on_time' | 'late' | null {
  const due = request.firstActionDue;
  if (due === null) {
    return null;
  }
  if (request.firstActionOn !== null) {
    return request.firstActionOn > due ? 'late' : 'on_time';
  }
  return request.status !== 'withdrawn' && today > due ? 'late' : null;
}

function summarise(requests: readonly ReportRequest[], today: string): Omit<MonthReport, 'month'> {
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<
    RequestStatus,
    number
  >;
  const outcomes = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    Decision,
    number
  >;
  const days: number[] = [];
  let overdue = 0;
  let decidedOnTime = 0;
  let decidedLate = 0;
  let firstActionOnTime = 0;
  let firstActionLate = 0;
  for (const request of requests) {
    byStatus[request.status] += 1;
    const firstAction = firstActionTimeliness(request, today);
    firstActionOnTime += firstAction === 'on_time' ? 1 : 0;
    firstActionLate += firstAction === 'late' ? 1 : 0;
    const took = workingDaysToDecision(request);
    const due = request.decisionDue;
    if (took !== null && request.decidedOn) {
      days.push(took);
      const late = due !== null && request.decidedOn > due;
      decidedLate += late ? 1 : 0;
      decidedOnTime += late ? 0 : 1;
      overdue += late ? 1 : 0;
      for (const outcome of request.outcomes) {
        outcomes[outcome] += 1;
      }
    } else if (due !== null && today > due && request.status !== 'awaiting_clarification') {
      overdue += 1;
    }
  }
  const decidedRecords = OUTCOMES.reduce((sum, outcome) => sum + outcomes[outcome], 0);
  return {
    received: requests.length,
    byStatus,
    decided: days.length,
    medianWorkingDays: percentile(days, 50),
    p90WorkingDays: percentile(days, 90),
    overdue,
    decidedOnTime,
    decidedLate,
    firstActionOnTime,
    firstActionLate,
    open: requests.length - days.length,
    outcomes,
    outcomeShares: Object.fromEntries(
      OUTCOMES.map((outcome) => [
        outcome,
        decidedRecords === 0 ? 0 : Math.round((outcomes[outcome] / decidedRecords) * 1000) / 1000,
      ]),
    ) as Record<Decision, number>,
  };
}

/**
 * Requests per month they came in: per status, working days to decision
 * (median and 90th percentile), overdue, and the outcome of the records.
 */
export function buildReport(
  requests: readonly ReportRequest[],
  from: string,
  to: string,
  today: string,
): Report {
  const byMonth = new Map<string, ReportRequest[]>();
  for (const request of requests) {
    const month = request.receivedOn.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), request]);
  }
  return {
    from,
    to,
    months: monthsBetween(from, to).map((month) => ({
      month,
      ...summarise(byMonth.get(month) ?? [], today),
    })),
    total: summarise(
      requests.filter((request) => {
        const month = request.receivedOn.slice(0, 7);
        return month >= from && month <= to;
      }),
      today,
    ),
  };
}

export const STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  received: 'Mottagna',
  in_review: 'Under handläggning',
  awaiting_clarification: 'Väntar på svar',
  decided: 'Beslutade',
  delivered: 'Utlämnade',
  withdrawn: 'Återkallade',
};

export const OUTCOME_LABELS: Readonly<Record<Decision, string>> = Object.fromEntries(
  OUTCOMES.map((outcome) => [outcome, decisionLabel(outcome)]),
) as Record<Decision, string>;

const MONTH_NAMES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'maj',
  'jun',
  'jul',
  'aug',
  'sep',
  'okt',
  'nov',
  'dec',
];

/** "nov 2026". */
export function monthLabel(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}

/** "6,5"; a missing value "–". */
export function formatDecimal(value: number | null): string {
  return value === null ? '–' : value.toLocaleString('sv-SE', { maximumFractionDigits: 1 });
}
