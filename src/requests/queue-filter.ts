import type { QueueFilter } from './request-review.service';

const STATUSES = [
  'open',
  'all',
  'received',
  'in_review',
  'awaiting_clarification',
  'decided',
  'delivered',
] as const;
const ASSIGNEES = ['all', 'me', 'unassigned'] as const;
const DUES = ['all', 'overdue', 'today'] as const;

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((each) => each === value) ?? fallback;
}

/** The queue's filter from a query string: unknown values fall back to the defaults, never to an error. */
export function parseQueueFilter(query: Record<string, unknown>): QueueFilter {
  const after =
    typeof query.after === 'string'
      ? /^(\d{4}-\d{2}-\d{2})_([0-9a-f-]{36})$/i.exec(query.after)
      : null;
  return {
    status: pick(query.status, STATUSES, 'open'),
    assignee: pick(query.assignee, ASSIGNEES, 'all'),
    due: pick(query.due, DUES, 'all'),
    after: after ? { decisionDue: after[1] ?? '', id: after[2] ?? '' } : null,
  };
}
