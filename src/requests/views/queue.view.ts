import { descriptionStart } from '../queue-search';
import { channelLabel, RequestStatus, staffStatusLabel } from '../request-lifecycle';
import type { QueueRow, StaffNotice } from '../request-read-model';

/** A row of the queue as the back office and `GET /api/v1/records-requests` show it. */
export interface QueueRowView {
  readonly id: string;
  readonly registrationNumber: string;
  readonly status: RequestStatus;
  /** The status in the staff's words ("Väntar på komplettering från den som begär"). */
  readonly statusLabel: string;
  /** How the request came in, in Swedish. */
  readonly channel: string;
  readonly receivedOn: string;
  readonly decisionDue: string;
  readonly overdue: boolean;
  readonly assignee: string | null;
  /** The start of what is asked: the requester's description, about a line of it. */
  readonly asked: string;
  readonly items: number;
  readonly decided: number;
}

/** Something for the reviewer to look at, worded. */
export interface StaffNoticeView {
  readonly requestId: string;
  readonly registrationNumber: string;
  /** new_request, reminder or escalation. */
  readonly kind: string;
  readonly text: string;
  readonly at: string;
}

export function toQueueRowView(row: QueueRow): QueueRowView {
  return {
    id: row.id,
    registrationNumber: row.registrationNumber,
    status: row.status,
    statusLabel: staffStatusLabel(row.status, row.closure),
    channel: channelLabel(row.channel),
    receivedOn: row.receivedOn,
    decisionDue: row.decisionDue,
    overdue: row.overdue,
    assignee: row.assignee,
    asked: descriptionStart(row.descriptionStart),
    items: row.items,
    decided: row.decided,
  };
}

export function noticeText(kind: string, decisionDue: string): string {
  switch (kind) {
    case 'reminder':
      return `Påminnelse: beslut senast ${decisionDue}`;
    case 'escalation':
      return `Försenad: beslut skulle ha fattats senast ${decisionDue}`;
    case 'first_action_reminder':
      return 'Påminnelse: ingen har påbörjat begäran, som ska påbörjas i dag';
    case 'first_action_escalation':
      return 'Försenad: ingen har påbörjat begäran';
    case 'forwarding_reminder':
      return 'Påminnelse: överklagandet ska lämnas över till domstolen i dag';
    case 'forwarding_escalation':
      return 'Försenat: överklagandet är inte överlämnat till domstolen';
    case 'appeal':
      return 'Nytt överklagande via statussidan';
    default:
      return 'Ny begäran';
  }
}

export function toNoticeView(notice: StaffNotice): StaffNoticeView {
  return {
    requestId: notice.requestId,
    registrationNumber: notice.registrationNumber,
    kind: notice.kind,
    text: noticeText(notice.kind, notice.decisionDue),
    at: notice.at,
  };
}

/** The reminder a later notice of the same clock makes moot ("Försenad" after "Påminnelse"). */
const SUPERSEDES: Readonly<Record<string, string>> = {
  escalation: 'reminder',
  first_action_escalation: 'first_action_reminder',
  forwarding_escalation: 'forwarding_reminder',
};

/** A request on the "Att göra" list once, with everything to do about it. */
export interface TodoView {
  readonly requestId: string;
  readonly registrationNumber: string;
  readonly texts: readonly string[];
}

/**
 * The reviewer's notices as the "Att göra" list shows them: one line per request, in the order
 * the notices came, with each thing to do once; a reminder is left out when the same clock has
 * already escalated.
 */
export function todoList(notices: readonly StaffNoticeView[]): TodoView[] {
  const byRequest = new Map<string, { registrationNumber: string; notices: StaffNoticeView[] }>();
  for (const notice of notices) {
    const entry = byRequest.get(notice.requestId) ?? {
      registrationNumber: notice.registrationNumber,
      notices: [],
    };
    entry.notices.push(notice);
    byRequest.set(notice.requestId, entry);
  }
  return [...byRequest].map(([requestId, entry]) => {
    const kinds = new Set(entry.notices.map((notice) => notice.kind));
    const moot = new Set(
      Object.entries(SUPERSEDES)
        .filter(([later]) => kinds.has(later))
        .map(([, earlier]) => earlier),
    );
    const texts = entry.notices
      .filter((notice) => !moot.has(notice.kind))
      .map((notice) => notice.text);
    return {
      requestId,
      registrationNumber: entry.registrationNumber,
      texts: [...new Set(texts)],
    };
  });
}
