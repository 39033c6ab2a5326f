import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, ValidationFailedError } from '../common/errors/domain-error';
import type { Redaction } from '../redaction/apply-redactions';
import { RedactionService } from '../redaction/redaction.service';
import { checkDecision, ItemDecisionInput } from './check-decision';
import { RequestChangeService } from './request-change.service';
import { Decision, decisionLabel } from './request-lifecycle';
import { findItem, nullableText, requireReviewer, Row, toIso } from './review-support';

/**
 * The decision on each record of a request: the copy previewed with its
 * redactions, one record decided (by the rules in check-decision.ts, the
 * redacted copy leak-checked first), or several released at once.
 */
@Injectable()
export class ItemDecisionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly redaction: RedactionService,
    private readonly changes: RequestChangeService,
  ) {}

  /** The copy as it would go out with these redactions, leak-checked. */
  async previewItem(
    actor: Actor,
    requestId: string,
    itemId: string,
    redactions: readonly Redaction[],
    requestIdForAudit: string | null,
  ): Promise<{ bytes: Uint8Array; registrationNumber: string }> {
    requireReviewer(actor);
    const item = await findItem(this.em.fork(), requestId, itemId);
    if (item.record_id === null) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Det finns ingen allmän handling att förhandsgranska: planen är ett utkast.',
      );
    }
    const copy = await this.redaction.produceCopy(
      actor,
      { recordId: nullableText(item.record_id) ?? '', redactions, release: null },
      requestIdForAudit,
    );
    return { bytes: copy.bytes, registrationNumber: copy.registrationNumber };
  }

  /**
   * Decides one record. Two reviewers deciding at once: the one whose
   * version is still current wins; the other is told who decided and when.
   */
  async decideItem(
    actor: Actor,
    requestId: string,
    itemId: string,
    input: ItemDecisionInput,
    requestIdForAudit: string | null,
  ): Promise<void> {
    requireReviewer(actor);
    const item = await findItem(this.em.fork(), requestId, itemId);
    const checked = checkDecision(
      { kind: item.kind === 'draft' ? 'draft' : 'record' },
      input,
      this.redaction.grounds,
    );
    if (checked.decision === 'release_with_redactions' && item.record_id !== null) {
      // The copy must pass the leak check before the decision stands.
      await this.redaction.produceCopy(
        actor,
        {
          recordId: nullableText(item.record_id) ?? '',
          redactions: checked.redactions,
          release: null,
        },
        requestIdForAudit,
      );
    }
    await this.changes.change(
      actor,
      requestId,
      'decide_item',
      requestIdForAudit,
      async (em, now) => {
        const updated = await em.execute<Row[]>(
          `update records_request_item
            set decision = ?, redactions = ?::jsonb, refusal_ground = ?, reasons = ?,
                decided_by_account_id = ?, decided_at = ?, version = version + 1
          where id = ? and request_id = ? and version = ?
          returning id`,
          [
            checked.decision,
            JSON.stringify(checked.redactions),
            checked.refusalGround,
            checked.reasons,
            actor.accountId,
            now,
            itemId,
            requestId,
            input.version,
          ],
        );
        if (updated.length === 0) {
          throw await decidedMeanwhile(em, itemId);
        }
        await em.execute(
          'update records_request set assignee_account_id = coalesce(assignee_account_id, ?), first_action_at = coalesce(first_action_at, ?) where id = ?',
          [actor.accountId, now, requestId],
        );
        return {
          kind: 'item_decided',
          details: {
            item: itemId,
            registrationNumber: nullableText(item.registration_number),
            decision: checked.decision,
            redactions: checked.redactions.length,
          },
        };
      },
    );
  }

  /** Releases several records without redactions at once: all or none. */
  async releaseInBatch(
    actor: Actor,
    requestId: string,
    items: readonly { id: string; version: number }[],
    requestIdForAudit: string | null,
  ): Promise<number> {
    requireReviewer(actor);
    if (items.length === 0) {
      throw new ValidationFailedError([{ field: 'items', problems: ['Välj minst en handling.'] }]);
    }
    await this.changes.change(
      actor,
      requestId,
      'decide_item',
      requestIdForAudit,
      async (em, now) => {
        for (const { id, version } of items) {
          const item = await findItem(em, requestId, id);
          if (item.kind !== 'record') {
            throw new ValidationFailedError([
              {
                field: 'items',
                problems: ['Ett utkast kan inte lämnas ut; det är ingen allmän handling ännu.'],
              },
            ]);
          }
          const updated = await em.execute<Row[]>(
            `update records_request_item set decision = 'release', redactions = '[]'::jsonb, refusal_ground = null,
             reasons = null, decided_by_account_id = ?, decided_at = ?, version = version + 1
            where id = ? and request_id = ? and version = ? returning id`,
            [actor.accountId, now, id, requestId, version],
          );
          if (updated.length === 0) {
            throw await decidedMeanwhile(em, id);
          }
        }
        return { kind: 'items_released', details: { items: items.length } };
      },
    );
    return items.length;
  }
}

/** The conflict a reviewer is told when someone else decided the item first: who, when and what. */
async function decidedMeanwhile(em: EntityManager, itemId: string): Promise<DomainError> {
  const [row] = await em.execute<Row[]>(
    `select i.decision, i.decided_at, pe.given_name || ' ' || pe.family_name as name
       from records_request_item i left join account a on a.id = i.decided_by_account_id
       left join person pe on pe.id = a.person_id where i.id = ?`,
    [itemId],
  );
  const when = row?.decided_at
    ? new Date(toIso(row.decided_at)).toLocaleString('sv-SE', {
        timeZone: 'Europe/Stockholm',
        dateStyle: 'short',
        timeStyle: 'short',
      })
    : null;
  return new DomainError(
    ErrorCode.Conflict,
    row?.decision
      ? `Handlingen har redan beslutats av ${nullableText(row.name) ?? 'en annan handläggare'}${when ? ` (${when})` : ''}: ${decisionLabel(row.decision as Decision)}. Ladda om sidan för att se beslutet.`
      : 'Handlingen har ändrats av någon annan. Ladda om sidan och försök igen.',
  );
}
