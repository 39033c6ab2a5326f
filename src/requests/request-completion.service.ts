import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import type { Actor } from '../auth/actor';
import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { EmailService } from '../email/email.service';
import { consistencyReasonInput } from './decision-consistency';
import { DecisionConsistencyQueries } from './decision-consistency.queries';
import { writeDecisionEmail } from './decision-email';
import { approvalRequiredError, approvalText, findApprovalStates } from './item-approvals';
import { ReviewerAccounts } from '../auth/reviewer-accounts.queries';
import { RequestRecords } from '../records/request-records.queries';
import { settlePayment } from './fees';
import { RequestChangeService } from './request-change.service';
import { APPEALABLE_DECISIONS, appealHoldAtDelivery, Closure, CLOSURES } from './request-lifecycle';
import { RequestDeliveryService, sha256Hex } from './request-delivery.service';
import type { RequestsTables } from './requests.entities';
import { noteFirstAction, REQUEST_NOT_FOUND, requireReviewer } from './review-support';

/**
 * The end of a request: the decision completed (every record decided, the
 * copies drawn and leak-checked, the letter registered, the requester told)
 * and the copies delivered, with the fee settled.
 */
@Injectable()
export class RequestCompletionService {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: RequestChangeService,
    private readonly delivery: RequestDeliveryService,
    private readonly email: EmailService,
    private readonly consistency: DecisionConsistencyQueries,
    private readonly accounts: ReviewerAccounts,
    private readonly records: RequestRecords,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Closes the review: every record decided, the released ones drawn and
   * leak-checked, the decision or cover letter registered, the request decided.
   * Where the same text is struck in one record and released in another
   * (decision-consistency.ts), only with the reviewer's reason for it
   * (`consistencyReason`), kept on the request and in the audit entry.
   */
  async completeDecision(
    actor: Actor,
    requestId: string,
    input: { consistencyReason?: string | null } = {},
  ): Promise<void> {
    requireReviewer(actor);
    // The count below runs before the request's own lookup: a malformed id is "not found" here too.
    if (!isUuid(requestId)) {
      throw new NotFoundError(REQUEST_NOT_FOUND);
    }
    const consistencyReason = consistencyReasonInput(input.consistencyReason);
    await assertAllDecided(this.em.fork(), requestId);
    await this.assertApproved(this.em.fork(), requestId);
    // Before the copies are drawn: an unconfirmed conflict stops here, cheaply.
    await this.consistency.requireReason(this.em.fork(), requestId, consistencyReason);
    // Drawn and checked before the transaction: a blocked copy stops the decision here.
    const copies = await this.delivery.prepareCopies(actor, requestId);
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'complete_decision', async (em, now, row) => {
      const total = await assertAllDecided(em, requestId);
      // Under the lock: a decision changed meanwhile lost its approval.
      const approvals = await this.assertApproved(em, requestId);
      // Again under the request's lock: a decision changed meanwhile may have made a conflict.
      const conflicts = (await this.consistency.requireReason(em, requestId, consistencyReason))
        .length;
      const stored = await this.delivery.storeDecisionDocuments(em, actor, requestId, copies, now);
      emails.push(
        ...(await writeDecisionEmail(this.email, em, row, {
          registrationNumber: stored.letterRegistrationNumber,
          appealable: stored.appealable,
        })),
      );
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request')
        .set({ decided_at: now, consistency_reason: conflicts > 0 ? consistencyReason : null })
        .where('id', '=', requestId)
        .execute();
      // Those released in batches before it too: the decision stands for every copy out.
      const hashes = await currentCopyHashes(em, requestId);
      return {
        kind: 'decided',
        details: {
          items: total,
          letter: stored.letterRegistrationNumber,
          copies: hashes.length,
          // The released copies' SHA-256 in the chain: the appeal file cites this entry for them.
          copiesSha256: hashes.join(' '),
          pages: stored.pages,
          feeKr: stored.feeKr,
          // The records that disagree and the reviewer's reason; never the struck text itself.
          ...(conflicts > 0 ? { inconsistencies: conflicts, consistencyReason } : {}),
          // Four eyes: who approved each refusal and redaction, and when.
          ...(approvals !== null ? { approvals } : {}),
        },
      };
    });
    await this.email.dispatch(emails);
  }

  /**
   * Four eyes (REQUEST_FOUR_EYES): every refusal and redaction approved by a
   * second reviewer, or the error that lists the records awaiting it. The
   * approvals as the audit entry gives them ("IUP-2026-00001: Namn
   * 2026-12-06 10:15; …"); null when the setting is off.
   */
  private async assertApproved(em: EntityManager, requestId: string): Promise<string | null> {
    if (this.config.requests.fourEyes === 'off') {
      return null;
    }
    const { awaiting, approved } = await findApprovalStates(
      em,
      requestId,
      this.accounts,
      this.records,
    );
    if (awaiting.length > 0) {
      throw approvalRequiredError(awaiting);
    }
    return approved
      .map((each) => `${each.registrationNumber ?? 'utkast'}: ${approvalText(each)}`)
      .join('; ');
  }

  /**
   * Releases ahead of the decision the records decided for release in full
   * (DOMAIN.md: in batches as each is reviewed): each copy drawn and
   * leak-checked, stored, its record marked delivered, a download link
   * e-mailed when the requester gave an address. Electronic copies only: a
   * paper copy's fee is reckoned on all pages at the decision, and a viewing
   * shows everything at one visit. A record struck or refused waits for the
   * decision letter, which is what can be appealed. Returns how many went.
   */
  async deliverPart(actor: Actor, requestId: string): Promise<number> {
    requireReviewer(actor);
    if (!isUuid(requestId)) {
      throw new NotFoundError(REQUEST_NOT_FOUND);
    }
    const copies = await this.delivery.prepareCopies(actor, requestId, 'part');
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'deliver_part', async (em, now, row) => {
      if (row.delivery !== 'electronic') {
        throw new DomainError(
          ErrorCode.InvalidState,
          row.delivery === 'paper'
            ? 'Papperskopior skickas samlat med beslutet, så att avgiften räknas på alla sidor. Lämna ut i omgångar går bara med elektroniska kopior.'
            : 'Handlingarna läses på plats vid ett och samma besök. Lämna ut i omgångar går bara med elektroniska kopior.',
        );
      }
      const due = await em
        .getKysely<RequestsTables>()
        .selectFrom('records_request_item')
        .select('id')
        .where('request_id', '=', requestId)
        .where('decision', '=', 'release')
        .where('record_id', 'is not', null)
        .where('delivered_at', 'is', null)
        .forUpdate()
        .execute();
      if (due.length === 0) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Ingen handling är beslutad att lämnas ut i sin helhet och ännu inte utlämnad. Handlingar med maskeringar lämnas ut med beslutet.',
        );
      }
      const prepared = new Set(copies.map((copy) => copy.itemId));
      if (due.length !== prepared.size || due.some((item) => !prepared.has(item.id))) {
        throw new DomainError(
          ErrorCode.Conflict,
          'Besluten ändrades medan kopiorna togs fram. Ladda om sidan och försök igen.',
        );
      }
      await this.delivery.storePartCopies(em, actor, requestId, copies, now);
      await noteFirstAction(em, requestId, actor.accountId, now);
      if (row.contact_email) {
        const link = await this.delivery.createLink(em, requestId, row.registration_number);
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'part_delivery',
            requestId,
            context: {
              registrationNumber: row.registration_number,
              count: copies.length,
              downloadUrl: `${this.config.http.publicBaseUrl.replace(/\/$/, '')}/begaran/hamta/${link.token}`,
              expiresOn: stockholmToday(link.expiresAt),
            },
          }),
        );
      }
      return {
        kind: 'delivered_part',
        details: {
          copies: copies.length,
          registrationNumbers: copies.map((copy) => copy.registrationNumber).join(' '),
          copiesSha256: copies
            .map((copy) => sha256Hex(copy.bytes))
            .sort()
            .join(' '),
          emailed: emails.length,
        },
      };
    });
    await this.email.dispatch(emails);
    return copies.length;
  }

  /**
   * Closes a request that names no record: what was asked for does not
   * exist at Sektor Lärande (a refusal: the letter is an appealable
   * decision), or it is held by another authority, named, which the request
   * is forwarded to (a letter saying so). The request is then decided, and
   * the letter goes out as any decision does (`deliver`).
   */
  async closeWithoutRecords(
    actor: Actor,
    requestId: string,
    input: { closure: string; forwardedTo: string | null; reasons: string | null },
  ): Promise<void> {
    requireReviewer(actor);
    const closure = closureInput(input);
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'close_without_records', async (em, now, row) => {
      const kysely = em.getKysely<RequestsTables>();
      if (row.processed_at === null) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Sökningen efter handlingar pågår fortfarande. Vänta tills den är klar.',
        );
      }
      const item = await kysely
        .selectFrom('records_request_item')
        .select('id')
        .where('request_id', '=', requestId)
        .limit(1)
        .executeTakeFirst();
      if (item) {
        throw new DomainError(
          ErrorCode.InvalidState,
          'Begäran har handlingar. Besluta om dem i stället; bara en begäran utan handlingar kan avslutas så.',
        );
      }
      await kysely
        .updateTable('records_request')
        .set((eb) => ({
          closure: closure.kind,
          forwarded_to: closure.forwardedTo,
          closure_reasons: closure.reasons,
          decided_at: now,
          // Closing is the reviewer's action on it, as deciding a record is.
          assignee_account_id: eb.fn.coalesce('assignee_account_id', eb.val(actor.accountId)),
          first_action_at: eb.fn.coalesce('first_action_at', eb.val(now)),
        }))
        .where('id', '=', requestId)
        .execute();
      const stored = await this.delivery.storeDecisionDocuments(em, actor, requestId, [], now);
      emails.push(
        ...(await writeDecisionEmail(
          this.email,
          em,
          row,
          { registrationNumber: stored.letterRegistrationNumber, appealable: stored.appealable },
          { noRecord: closure.kind === 'no_record', forwardedTo: closure.forwardedTo },
        )),
      );
      return {
        kind: closure.kind === 'no_record' ? 'closed_no_record' : 'forwarded_elsewhere',
        details: { letter: stored.letterRegistrationNumber, forwardedTo: closure.forwardedTo },
      };
    });
    await this.email.dispatch(emails);
  }

  /**
   * Marks the copies delivered: made available for download (with a link
   * e-mailed when the requester gave an address), posted, or shown on site.
   */
  async deliver(
    actor: Actor,
    requestId: string,
    input: { paymentReceived: boolean },
  ): Promise<void> {
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'deliver', async (em, now, row) => {
      const payment = settlePayment(
        {
          delivery: row.delivery,
          feeKr: row.fee_kr ?? 0,
          invoiceConsent: row.invoice_consent_at !== null,
          // A request closed without records has nothing to read on site: only its letter.
          viewingBooked: row.viewing_at !== null || row.closure !== null,
        },
        input.paymentReceived,
      );
      const kysely = em.getKysely<RequestsTables>();
      const appealable = await kysely
        .selectFrom('records_request_item')
        .select('id')
        .where('request_id', '=', requestId)
        .where('decision', 'in', [...APPEALABLE_DECISIONS])
        .limit(1)
        .executeTakeFirst();
      await kysely
        .updateTable('records_request')
        .set({
          delivered_at: now,
          payment,
          // "No such record here" is a refusal: it can be appealed too (and holds nothing).
          appeal_hold_until:
            appealable || row.closure === 'no_record'
              ? appealHoldAtDelivery({
                  deliveredOn: stockholmToday(now),
                  delivery: row.delivery,
                  postMarginWorkingDays: this.config.requests.appealPostMarginWorkingDays,
                  downloadLinkDays: this.config.requests.downloadLinkDays,
                })
              : null,
        })
        .where('id', '=', requestId)
        .execute();
      if (row.delivery === 'electronic' && row.contact_email) {
        const registrationNumber = row.registration_number;
        const link = await this.delivery.createLink(em, requestId, registrationNumber);
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'delivery',
            requestId,
            context: {
              registrationNumber,
              downloadUrl: `${this.config.http.publicBaseUrl.replace(/\/$/, '')}/begaran/hamta/${link.token}`,
              expiresOn: stockholmToday(link.expiresAt),
            },
          }),
        );
      }
      return {
        kind: 'delivered',
        details: { delivery: row.delivery, payment, emailed: emails.length },
      };
    });
    await this.email.dispatch(emails);
  }
}

/** The SHA-256 of each copy the request hands out now, sorted (computed in the database). */
async function currentCopyHashes(em: EntityManager, requestId: string): Promise<string[]> {
  const rows = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request_document')
    .select(sql<string>`encode(sha256(content), 'hex')`.as('sha256'))
    .where('request_id', '=', requestId)
    .where('kind', '=', 'copy')
    .where('superseded_at', 'is', null)
    .execute();
  return rows.map((row) => row.sha256).sort();
}

/** Every record of the request decided, or why not; the number of records. */
async function assertAllDecided(em: EntityManager, requestId: string): Promise<number> {
  const counts = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request_item')
    .select((eb) => [
      eb.cast<number>(eb.fn.countAll(), 'integer').as('total'),
      eb.cast<number>(eb.fn.count('decision'), 'integer').as('decided'),
    ])
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  const { total, decided } = counts;
  if (total === 0 || decided < total) {
    throw new DomainError(
      ErrorCode.InvalidState,
      total === 0
        ? 'Begäran har inga handlingar att besluta om. Lägg till handlingar, eller anteckna varför inga finns.'
        : `${total - decided} handlingar återstår att besluta om.`,
    );
  }
  return total;
}

/** The closing's kind, the authority (forwarding only) and the reasons, checked. */
function closureInput(input: {
  closure: string;
  forwardedTo: string | null;
  reasons: string | null;
}): { kind: Closure; forwardedTo: string | null; reasons: string | null } {
  const kind = CLOSURES.find((each) => each === input.closure);
  const forwardedTo = input.forwardedTo?.trim() || null;
  const reasons = input.reasons?.trim() || null;
  const problems: { field: string; problems: string[] }[] = [];
  if (!kind) {
    problems.push({
      field: 'closure',
      problems: ['Välj om handlingen inte finns här eller om begäran lämnas över.'],
    });
  }
  if (kind === 'forwarded' && (forwardedTo === null || forwardedTo.length > 200)) {
    problems.push({
      field: 'forwardedTo',
      problems: ['Ange vilken myndighet begäran lämnas över till (högst 200 tecken).'],
    });
  }
  if (reasons !== null && reasons.length > 4000) {
    problems.push({ field: 'reasons', problems: ['Skälen får vara högst 4 000 tecken.'] });
  }
  if (!kind || problems.length > 0) {
    throw new ValidationFailedError(problems);
  }
  return { kind, forwardedTo: kind === 'forwarded' ? forwardedTo : null, reasons };
}
