import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, ValidationFailedError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RequestRecords } from '../records/request-records.queries';
import { ReviewerAccounts } from '../auth/reviewer-accounts.queries';
import {
  approvalText,
  DECISIONS_NEEDING_APPROVAL,
  findApprovalStates,
  isApproved,
  needsApproval,
} from './item-approvals';
import { RequestChangeService } from './request-change.service';
import { findRequestRow } from './request-lookup';
import type { RequestsTables } from './requests.entities';
import { findItem, type ItemRow, requireReviewer } from './review-support';

/** One item's approval state on the request page. */
export interface ItemApprovalView {
  readonly approved: boolean;
  /** Awaiting, and decided by the viewer: someone else must approve it. */
  readonly own: boolean;
  /** "Godkänt av Namn 2026-12-06 10:15" once approved. */
  readonly text: string | null;
}

export interface ApprovalsView {
  /** The request is under review: only then can a decision be approved. */
  readonly open: boolean;
  readonly items: Readonly<Record<string, ItemApprovalView>>;
  readonly awaiting: number;
  readonly approvableByViewer: number;
}

const OWN_DECISION =
  'Du kan inte godkänna ditt eget beslut. En annan handläggare behöver godkänna det.';

/**
 * Four eyes (REQUEST_FOUR_EYES = refusals-and-redactions): a second reviewer
 * approves each refusal and each release with parts struck before the
 * request can be completed. The one who decided cannot approve it; a
 * changed decision needs approving again (the approval names the version).
 */
@Injectable()
export class ItemApprovalsService {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: RequestChangeService,
    private readonly records: RequestRecords,
    private readonly accounts: ReviewerAccounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get isRequired(): boolean {
    return this.config.requests.fourEyes !== 'off';
  }

  /**
   * Approves one record's decision. `version` (optional) is the item's
   * version the approver saw: a decision changed since is not approved.
   */
  async approveItem(
    actor: Actor,
    requestId: string,
    itemId: string,
    input: { version?: number | null } = {},
  ): Promise<void> {
    requireReviewer(actor);
    this.assertRequired();
    const version = input.version ?? null;
    if (version !== null && (!Number.isSafeInteger(version) || version < 0)) {
      throw new ValidationFailedError([
        { field: 'version', problems: ['Sidan är inaktuell. Ladda om den och försök igen.'] },
      ]);
    }
    await findItem(this.em.fork(), requestId, itemId);
    await this.changes.change(actor, requestId, 'approve_item', async (em, now) => {
      const item = await lockItem(em, requestId, itemId);
      if (version !== null && item.version !== version) {
        throw new DomainError(
          ErrorCode.Conflict,
          'Beslutet har ändrats sedan sidan laddades. Ladda om sidan och granska det på nytt.',
        );
      }
      assertApprovable(actor, item);
      const [registrationNumber] = await this.registrationNumbersOf(em, [item]);
      await setApproved(em, [item], actor.accountId, now);
      return {
        kind: 'item_approved',
        details: {
          item: itemId,
          registrationNumber,
          decision: item.decision,
          decidedBy: item.decided_by_account_id,
          approvedVersion: item.version,
          approvedAt: now.toISOString(),
        },
      };
    });
  }

  /**
   * Approves every refusal and redaction of the request not yet approved
   * and not decided by the approver; returns how many. The approver's own
   * decisions are left for someone else (and said so when nothing else is left).
   */
  async approveAll(actor: Actor, requestId: string): Promise<number> {
    requireReviewer(actor);
    this.assertRequired();
    let approved = 0;
    await this.changes.change(actor, requestId, 'approve_item', async (em, now) => {
      const pending = (
        await em
          .getKysely<RequestsTables>()
          .selectFrom('records_request_item')
          .selectAll()
          .where('request_id', '=', requestId)
          .where('decision', 'in', [...DECISIONS_NEEDING_APPROVAL])
          .orderBy('created_at')
          .orderBy('id')
          .forUpdate()
          .execute()
      ).filter((item) => !isApproved(item));
      const others = pending.filter((item) => item.decided_by_account_id !== actor.accountId);
      if (others.length === 0) {
        throw new DomainError(
          ErrorCode.InvalidState,
          pending.length > 0
            ? 'Alla beslut som väntar på godkännande är dina egna. En annan handläggare behöver godkänna dem.'
            : 'Inga avslag eller maskeringar väntar på godkännande.',
        );
      }
      await setApproved(em, others, actor.accountId, now);
      approved = others.length;
      const numbers = await this.registrationNumbersOf(em, others);
      return {
        kind: 'items_approved',
        details: {
          items: others.length,
          registrationNumbers: numbers.map((number) => number ?? 'utkast').join(' '),
          approvedAt: now.toISOString(),
          leftForOthers: pending.length - others.length,
        },
      };
    });
    return approved;
  }

  /**
   * For the request page: each refusal and redaction awaiting approval
   * (and whether it is the viewer's own) or approved (by whom, when); null
   * when four eyes is off.
   */
  async approvalsOf(actor: Actor, requestId: string): Promise<ApprovalsView | null> {
    requireReviewer(actor);
    if (!this.isRequired) {
      return null;
    }
    const em = this.em.fork();
    const request = await findRequestRow(em, requestId);
    const { awaiting, approved } = await findApprovalStates(
      em,
      requestId,
      this.accounts,
      this.records,
    );
    const items: Record<string, ItemApprovalView> = {};
    for (const each of awaiting) {
      items[each.itemId] = {
        approved: false,
        own: each.decidedByAccountId === actor.accountId,
        text: null,
      };
    }
    for (const each of approved) {
      items[each.itemId] = {
        approved: true,
        own: false,
        text: `Godkänt av ${approvalText(each)}`,
      };
    }
    return {
      open: request.status === 'in_review',
      items,
      awaiting: awaiting.length,
      approvableByViewer: awaiting.filter((each) => each.decidedByAccountId !== actor.accountId)
        .length,
    };
  }

  private assertRequired(): void {
    if (!this.isRequired) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Besluten behöver inte godkännas av en andra handläggare här (inställningen REQUEST_FOUR_EYES är av).',
      );
    }
  }

  /** The items' registration numbers in their order, read at once (null for a draft). */
  private async registrationNumbersOf(
    em: EntityManager,
    items: readonly ItemRow[],
  ): Promise<(string | null)[]> {
    const described = await this.records.describe(
      em,
      items.flatMap((item) => (item.record_id ? [item.record_id] : [])),
    );
    return items.map((item) =>
      item.record_id ? (described.get(item.record_id)?.registrationNumber ?? null) : null,
    );
  }
}

/** The item, locked for its approval. */
async function lockItem(em: EntityManager, requestId: string, itemId: string): Promise<ItemRow> {
  return em
    .getKysely<RequestsTables>()
    .selectFrom('records_request_item')
    .selectAll()
    .where('id', '=', itemId)
    .where('request_id', '=', requestId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Only a refusal or redactions, decided by someone else, not approved already. */
function assertApprovable(actor: Actor, item: ItemRow): void {
  if (!needsApproval(item.decision)) {
    throw new DomainError(
      ErrorCode.InvalidState,
      item.decision === null
        ? 'Handlingen är inte beslutad än; det finns inget beslut att godkänna.'
        : 'Bara avslag och beslut med maskeringar behöver godkännas.',
    );
  }
  if (item.decided_by_account_id === actor.accountId) {
    throw new DomainError(ErrorCode.InvalidState, OWN_DECISION);
  }
  if (isApproved(item)) {
    throw new DomainError(ErrorCode.InvalidState, 'Beslutet är redan godkänt.');
  }
}

async function setApproved(
  em: EntityManager,
  items: readonly ItemRow[],
  accountId: string,
  now: Date,
): Promise<void> {
  // One statement for all: each row approves the version it holds (the rows are locked).
  await em
    .getKysely<RequestsTables>()
    .updateTable('records_request_item')
    .set((eb) => ({
      approved_by_account_id: accountId,
      approved_at: now,
      approved_for_version: eb.ref('version'),
    }))
    .where(
      'id',
      'in',
      items.map((item) => item.id),
    )
    .execute();
}
