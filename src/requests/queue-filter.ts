import { isIsoDate } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { RequestStatus } from './request-lifecycle';

export interface QueueFilter {
  readonly status: 'open' | RequestStatus | 'all';
  readonly assignee: 'all' | 'me' | 'unassigned';
  readonly due: 'all' | 'overdue' | 'today';
  /** Free text: the registration number (or a fragment), the pupil, the requester's description. */
  readonly text: string;
  /** Keyset cursor: the last row's decision date and id. */
  readonly after: { readonly decisionDue: string; readonly id: string } | null;
}

export const QUEUE_STATUSES = [
  'open',
  'all',
  'received',
  'in_review',
  'awaiting_clarification',
  'decided',
  'delivered',
  'withdrawn',
] as const;
export const QUEUE_ASSIGNEES = ['all', 'me', 'unassigned'] as const;
export const QUEUE_DUES = ['all', 'overdue', 'today'] as const;
/** The longest free text read; what is longer is cut. */
export const QUEUE_TEXT_MAX = 200;

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((each) => each === value) ?? fallback;
}

/** The queue's filter from a query string: unknown values fall back to the defaults, never to an error. */
export function parseQueueFilter(query: Record<string, unknown>): QueueFilter {
  const cursor =
    typeof query.after === 'string'
      ? /^(\d{4}-\d{2}-\d{2})_([0-9a-f-]{36})$/i.exec(query.after)
      : null;
  // The cursor goes into SQL as a date and a uuid: one PostgreSQL cannot read is no cursor.
  const after = cursor && isUuid(cursor[2] ?? '') && isIsoDate(cursor[1] ?? '') ? cursor : null;
  return {
    status: pick(query.status, QUEUE_STATUSES, 'open'),
    assignee: pick(query.assignee, QUEUE_ASSIGNEES, 'all'),
    due: pick(query.due, QUEUE_DUES, 'all'),
    text: typeof query.q === 'string' ? query.q.trim().slice(0, QUEUE_TEXT_MAX) : '',
    after: after ? { decisionDue: after[1] ?? '', id: after[2] ?? '' } : null,
  };
}

/** The keyset cursor of the next page, as `after` reads it back. */
export function formatQueueCursor(after: NonNullable<QueueFilter['after']>): string {
  return `${after.decisionDue}_${after.id}`;
}
