import type { EntityManager } from '@mikro-orm/postgresql';

import { ReviewerAccounts } from '../auth/reviewer-accounts.queries';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { StaffNames } from '../directory/staff-names.queries';
import { RequestRecords } from '../records/request-records.queries';
import type { Decision } from './request-lifecycle';
import type { RequestsTables } from './requests.entities';

/**
 * Four eyes (REQUEST_FOUR_EYES): the decisions that need a second
 * reviewer's approval, and whether an item's approval still stands. An
 * approval names the item's version it approved: any change to the decision
 * bumps the version, so the approval no longer counts (and deciding clears it).
 */
export const DECISIONS_NEEDING_APPROVAL: readonly Decision[] = [
  'refuse',
  'release_with_redactions',
];

export function needsApproval(decision: Decision | null): boolean {
  return decision !== null && DECISIONS_NEEDING_APPROVAL.includes(decision);
}

/** Whether the item's current decision is approved (its approval names the current version). */
export function isApproved(item: {
  readonly version: number;
  readonly approved_for_version: number | null;
  readonly approved_by_account_id: string | null;
}): boolean {
  return item.approved_by_account_id !== null && item.approved_for_version === item.version;
}

/** One item's approval, as the letter and the audit name it. */
export interface ItemApproval {
  readonly itemId: string;
  /** The record's registration number; null for a draft. */
  readonly registrationNumber: string | null;
  readonly approvedBy: string;
  readonly approvedAt: Date;
}

/** A refusal or redactions not (or no longer) approved. */
export interface AwaitingApproval {
  readonly itemId: string;
  readonly registrationNumber: string | null;
  readonly decidedByAccountId: string | null;
}

/**
 * The request's refusals and redactions, each with its approval if it still
 * stands (in the caller's transaction).
 */
export async function findApprovalStates(
  em: EntityManager,
  requestId: string,
  accounts: ReviewerAccounts = new ReviewerAccounts(new StaffNames()),
  records: RequestRecords = new RequestRecords(),
): Promise<{ awaiting: AwaitingApproval[]; approved: ItemApproval[] }> {
  const rows = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request_item')
    .select([
      'id',
      'record_id',
      'decision',
      'version',
      'approved_by_account_id',
      'approved_at',
      'approved_for_version',
      'decided_by_account_id',
    ])
    .where('request_id', '=', requestId)
    .where('decision', 'in', [...DECISIONS_NEEDING_APPROVAL])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const described = await records.describe(
    em,
    rows.flatMap((row) => (row.record_id ? [row.record_id] : [])),
  );
  const names = await accounts.namesOf(
    em,
    rows.flatMap((row) =>
      isApproved(row) && row.approved_by_account_id ? [row.approved_by_account_id] : [],
    ),
  );
  const awaiting: AwaitingApproval[] = [];
  const approved: ItemApproval[] = [];
  for (const row of rows) {
    const registrationNumber = row.record_id
      ? (described.get(row.record_id)?.registrationNumber ?? null)
      : null;
    if (isApproved(row) && row.approved_by_account_id && row.approved_at) {
      approved.push({
        itemId: row.id,
        registrationNumber,
        approvedBy: names.get(row.approved_by_account_id) ?? 'en annan handläggare',
        // pg hands a timestamptz over as text here; new Date reads either.
        approvedAt: new Date(row.approved_at),
      });
    } else {
      awaiting.push({
        itemId: row.id,
        registrationNumber,
        decidedByAccountId: row.decided_by_account_id,
      });
    }
  }
  return { awaiting, approved };
}

/** The error that stops a completion while refusals or redactions await approval. */
export function approvalRequiredError(awaiting: readonly AwaitingApproval[]): DomainError {
  const named = awaiting.map((each) => each.registrationNumber ?? 'ett utkast');
  return new DomainError(
    ErrorCode.ApprovalRequired,
    `${awaiting.length === 1 ? 'Ett beslut' : `${awaiting.length} beslut`} om avslag eller maskering väntar på godkännande av en andra handläggare: ${named.join(', ')}. En annan handläggare än den som beslutade behöver godkänna ${awaiting.length === 1 ? 'det' : 'dem'} innan begäran kan färdigbeslutas.`,
  );
}

/** "Namn 2026-12-06 10:15" (Stockholm time), as the letter and the audit give an approval. */
export function approvalText(approval: Pick<ItemApproval, 'approvedBy' | 'approvedAt'>): string {
  return `${approval.approvedBy} ${formatStockholmMinute(approval.approvedAt)}`;
}

export function formatStockholmMinute(at: Date): string {
  return at.toLocaleString('sv-SE', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'short',
    timeStyle: 'short',
  });
}
