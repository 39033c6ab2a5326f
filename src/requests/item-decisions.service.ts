import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { Actor } from '../auth/actor';
import { stockholmToday } from '../common/stockholm';
import { DomainError, ErrorCode, ValidationFailedError } from '../common/errors/domain-error';
import type { RedactedDocument, Redaction } from '../redaction/apply-redactions';
import { RedactionService } from '../redaction/redaction.service';
import { checkDecision, ItemDecisionInput } from './check-decision';
import { RequestChangeService } from './request-change.service';
import { decisionLabel } from './request-lifecycle';
import { RequestRecords } from '../records/request-records.queries';
import { ReviewerAccounts } from '../auth/reviewer-accounts.queries';
import { DirectoryQueries } from '../directory/directory.queries';
import type { RequestsTables } from './requests.entities';
import { findItem, jsonb, noteFirstAction, requireReviewer } from './review-support';

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
    private readonly records: RequestRecords,
    private readonly accounts: ReviewerAccounts,
    private readonly directory: DirectoryQueries,
  ) {}

  /** The copy as it would go out with these redactions, leak-checked. */
  async previewItem(
    actor: Actor,
    requestId: string,
    itemId: string,
    redactions: readonly Redaction[],
  ): Promise<{ bytes: Uint8Array; registrationNumber: string }> {
    requireReviewer(actor);
    const item = await findItem(this.em.fork(), requestId, itemId);
    if (item.record_id === null) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Det finns ingen allmän handling att förhandsgranska: planen är ett utkast.',
      );
    }
    const copy = await this.redaction.produceCopy(actor, {
      recordId: item.record_id,
      redactions,
      release: null,
    });
    return { bytes: copy.bytes, registrationNumber: copy.registrationNumber };
  }

  /** The copy's document with these redactions, for the preview beside the record (no PDF drawn). */
  async previewItemDocument(
    actor: Actor,
    requestId: string,
    itemId: string,
    redactions: readonly Redaction[],
  ): Promise<RedactedDocument> {
    requireReviewer(actor);
    const item = await findItem(this.em.fork(), requestId, itemId);
    if (item.record_id === null) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Det finns ingen allmän handling att förhandsgranska: planen är ett utkast.',
      );
    }
    return this.redaction.previewDocument(actor, item.record_id, redactions);
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
    /** Where the decision came from when carried over (item-carry-over.service.ts), for the audit entry. */
    origin: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    requireReviewer(actor);
    if (!Number.isSafeInteger(input.version) || input.version < 0) {
      // A form's version that is no number would reach PostgreSQL as NaN.
      throw new ValidationFailedError([
        { field: 'version', problems: ['Sidan är inaktuell. Ladda om den och försök igen.'] },
      ]);
    }
    const em = this.em.fork();
    const item = await findItem(em, requestId, itemId);
    const record =
      item.record_id === null
        ? undefined
        : (await this.records.describe(em, [item.record_id])).get(item.record_id);
    const guardian = await this.guardianOf(em, requestId, record?.pupilId ?? null);
    const checked = checkDecision(
      { kind: item.kind === 'draft' ? 'draft' : 'record', aboutGuardiansChild: guardian !== null },
      input,
      this.redaction.grounds,
    );
    if (checked.concernedParty === 'lifted' && guardian && !guardian.stillGuardian) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Enligt registret är den som begärt handlingarna inte längre vårdnadshavare för eleven. Pröva handlingen som för vem som helst.',
      );
    }
    if (checked.decision === 'release_with_redactions' && item.record_id !== null) {
      // The copy must pass the leak check before the decision stands.
      await this.redaction.produceCopy(actor, {
        recordId: item.record_id,
        redactions: checked.redactions,
        release: null,
      });
    }
    await this.changes.change(actor, requestId, 'decide_item', async (em, now) => {
      const updated = await em
        .getKysely<RequestsTables>()
        .updateTable('records_request_item')
        .set((eb) => ({
          decision: checked.decision,
          redactions: jsonb(checked.redactions),
          refusal_ground: checked.refusalGround,
          reasons: checked.reasons,
          concerned_party: checked.concernedParty,
          decided_by_account_id: actor.accountId,
          decided_at: now,
          // A changed decision needs approving anew (four eyes).
          approved_by_account_id: null,
          approved_at: null,
          approved_for_version: null,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', itemId)
        .where('request_id', '=', requestId)
        .where('version', '=', input.version)
        // A copy already out cannot be called back: its decision stands.
        .where('delivered_at', 'is', null)
        .returning('id')
        .execute();
      if (updated.length === 0) {
        throw await this.decidedMeanwhile(em, itemId);
      }
      await noteFirstAction(em, requestId, actor.accountId, now);
      return {
        kind: 'item_decided',
        details: {
          item: itemId,
          registrationNumber: record?.registrationNumber ?? null,
          decision: checked.decision,
          redactions: checked.redactions.length,
          concernedParty: checked.concernedParty,
          ...origin,
        },
      };
    });
  }

  /** Releases several records without redactions at once: all or none. */
  async releaseInBatch(
    actor: Actor,
    requestId: string,
    items: readonly { id: string; version: number }[],
  ): Promise<number> {
    requireReviewer(actor);
    if (items.length === 0) {
      throw new ValidationFailedError([{ field: 'items', problems: ['Välj minst en handling.'] }]);
    }
    await this.changes.change(actor, requestId, 'decide_item', async (em, now) => {
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
        const updated = await em
          .getKysely<RequestsTables>()
          .updateTable('records_request_item')
          .set((eb) => ({
            decision: 'release' as const,
            redactions: jsonb([]),
            refusal_ground: null,
            reasons: null,
            concerned_party: null,
            decided_by_account_id: actor.accountId,
            decided_at: now,
            approved_by_account_id: null,
            approved_at: null,
            approved_for_version: null,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', id)
          .where('request_id', '=', requestId)
          .where('version', '=', version)
          .where('delivered_at', 'is', null)
          .returning('id')
          .execute();
        if (updated.length === 0) {
          throw await this.decidedMeanwhile(em, id);
        }
      }
      return { kind: 'items_released', details: { items: items.length } };
    });
    return items.length;
  }

  /**
   * On a guardian's request, for a record about their own child: the
   * guardian, and whether the register still has them as the child's
   * guardian; null for any other request or record.
   */
  private async guardianOf(
    em: EntityManager,
    requestId: string,
    recordPupilId: string | null,
  ): Promise<{ stillGuardian: boolean } | null> {
    const request = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select(['requester_person_id', 'concerning_pupil_id'])
      .where('id', '=', requestId)
      .where('channel', '=', 'guardian')
      .executeTakeFirst();
    if (
      !request?.requester_person_id ||
      !request.concerning_pupil_id ||
      request.concerning_pupil_id !== recordPupilId
    ) {
      return null;
    }
    return {
      stillGuardian: await this.directory.isGuardianOf(
        request.requester_person_id,
        request.concerning_pupil_id,
        em,
      ),
    };
  }

  /** The conflict a reviewer is told when someone else decided the item first: who, when and what. */
  private async decidedMeanwhile(em: EntityManager, itemId: string): Promise<DomainError> {
    const item = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item')
      .select(['decision', 'decided_at', 'decided_by_account_id', 'delivered_at'])
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (item?.delivered_at) {
      return new DomainError(
        ErrorCode.InvalidState,
        // pg hands a timestamptz over as text here; new Date reads either.
        `Handlingen lämnades ut i sin helhet ${stockholmToday(new Date(item.delivered_at))}, före beslutet. Ett utlämnande kan inte göras ogjort, så beslutet om den står fast.`,
      );
    }
    if (!item?.decision) {
      return new DomainError(
        ErrorCode.Conflict,
        'Handlingen har ändrats av någon annan. Ladda om sidan och försök igen.',
      );
    }
    const decidedBy = item.decided_by_account_id;
    const name = decidedBy ? (await this.accounts.namesOf(em, [decidedBy])).get(decidedBy) : null;
    // pg hands a timestamptz over as text here; new Date reads either.
    const when = item.decided_at
      ? new Date(item.decided_at).toLocaleString('sv-SE', {
          timeZone: 'Europe/Stockholm',
          dateStyle: 'short',
          timeStyle: 'short',
        })
      : null;
    return new DomainError(
      ErrorCode.Conflict,
      `Handlingen har redan beslutats av ${name ?? 'en annan handläggare'}${when ? ` (${when})` : ''}: ${decisionLabel(item.decision)}. Ladda om sidan för att se beslutet.`,
    );
  }
}
