import { isOverdue } from './extract-deadline';
import type { ExtractAsker, ExtractStatus } from './register-extract.entities';

/** Each status in the words of Sektor Lärande's list. */
export const STAFF_STATUS_TEXT: Readonly<Record<ExtractStatus, string>> = {
  requested: 'Begärt – inte påbörjat',
  queued: 'Väntar på att tas fram',
  producing: 'Tas fram',
  ready: 'Klart – ska skickas',
  sent: 'Skickat',
  failed: 'Kunde inte tas fram – försök igen',
};

/**
 * Each status as the person who asked sees it: in progress until it is sent, then ready to
 * fetch until the disposal has deleted the files (REGISTER_EXTRACT_KEEP_DAYS after sending).
 */
export function ownStatusText(status: ExtractStatus, hasFiles: boolean): string {
  if (status !== 'sent') return 'Under behandling hos Sektor Lärande';
  return hasFiles
    ? 'Klart att hämta'
    : 'Skickat; filerna är gallrade. Begär ett nytt registerutdrag om du vill ha det igen';
}

export const ASKER_TEXT: Readonly<Record<ExtractAsker, string>> = {
  person: 'Personen själv',
  staff: 'Sektor Lärande',
};

/** One extract on Sektor Lärande's list and page, and in the API (without the name). */
export interface ExtractView {
  readonly id: string;
  readonly personId: string;
  readonly askedBy: ExtractAsker;
  readonly askedByText: string;
  readonly requestedAt: string;
  readonly dueOn: string;
  readonly status: ExtractStatus;
  readonly statusText: string;
  readonly stepsDone: number;
  readonly stepsTotal: number;
  /** 0–100; 100 once the files exist. */
  readonly percent: number;
  readonly producedAt: string | null;
  readonly sentAt: string | null;
  readonly isOverdue: boolean;
  readonly hasFiles: boolean;
}

export interface ExtractRow {
  readonly id: string;
  readonly person_id: string;
  readonly asked_by: ExtractAsker;
  readonly requested_at: Date | string;
  readonly due_on: string;
  readonly status: ExtractStatus;
  readonly steps_done: number;
  readonly steps_total: number;
  readonly produced_at: Date | string | null;
  readonly sent_at: Date | string | null;
  readonly has_files: boolean;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export function toExtractView(row: ExtractRow, today: string): ExtractView {
  const done = row.status === 'ready' || row.status === 'sent';
  return {
    id: row.id,
    personId: row.person_id,
    askedBy: row.asked_by,
    askedByText: ASKER_TEXT[row.asked_by],
    requestedAt: new Date(row.requested_at).toISOString(),
    dueOn: row.due_on,
    status: row.status,
    statusText: STAFF_STATUS_TEXT[row.status],
    stepsDone: row.steps_done,
    stepsTotal: row.steps_total,
    percent: done
      ? 100
      : row.steps_total > 0
        ? Math.floor((100 * row.steps_done) / row.steps_total)
        : 0,
    producedAt: iso(row.produced_at),
    sentAt: iso(row.sent_at),
    isOverdue: isOverdue(row.due_on, today, row.status === 'sent'),
    hasFiles: row.has_files,
  };
}

/** How far the job has come, in words (the page's status line). */
export function progressText(view: ExtractView): string {
  switch (view.status) {
    case 'queued':
      return 'Registerutdraget väntar på att tas fram.';
    case 'producing':
      return view.stepsTotal > 0
        ? `Registerutdraget tas fram: steg ${view.stepsDone} av ${view.stepsTotal} (${view.percent} %).`
        : 'Registerutdraget tas fram.';
    case 'ready':
      return 'Registerutdraget är klart att granska och skicka.';
    case 'sent':
      return 'Registerutdraget är skickat.';
    case 'failed':
      return 'Registerutdraget kunde inte tas fram. Försök igen.';
    case 'requested':
      return 'Registerutdraget är begärt men inte påbörjat.';
  }
}
