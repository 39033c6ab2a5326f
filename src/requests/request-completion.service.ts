import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { isUuid } from '../common/uuid';
import { EmailService } from '../email/email.service';
import { settlePayment } from './fees';
import { RequestChangeService } from './request-change.service';
import { APPEALABLE_DECISIONS, appealHoldAtDelivery } from './request-lifecycle';
import { RequestDeliveryService } from './request-delivery.service';
import type { RequestsTables } from './requests.entities';
import { REQUEST_NOT_FOUND, requireReviewer } from './review-support';

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Closes the review: every record decided, the released ones drawn and
   * leak-checked, the decision or cover letter registered, the request decided.
   */
  async completeDecision(actor: Actor, requestId: string): Promise<void> {
    requireReviewer(actor);
    // The count below runs before the request's own lookup: a malformed id is "not found" here too.
    if (!isUuid(requestId)) {
      throw new NotFoundError(REQUEST_NOT_FOUND);
    }
    await assertAllDecided(this.em.fork(), requestId);
    // Drawn and checked before the transaction: a blocked copy stops the decision here.
    const copies = await this.delivery.prepareCopies(actor, requestId);
    const emails: string[] = [];
    await this.changes.change(actor, requestId, 'complete_decision', async (em, now, row) => {
      const total = await assertAllDecided(em, requestId);
      const stored = await this.delivery.storeDecisionDocuments(em, actor, requestId, copies, now);
      if (row.contact_email) {
        emails.push(
          await this.email.write(em, {
            to: row.contact_email,
            kind: 'decision',
            requestId,
            context: {
              registrationNumber: row.registration_number,
              letterRegistrationNumber: stored.letterRegistrationNumber,
              appealable: stored.appealable,
            },
          }),
        );
      }
      await em
        .getKysely<RequestsTables>()
        .updateTable('records_request')
        .set({ decided_at: now })
        .where('id', '=', requestId)
        .execute();
      return {
        kind: 'decided',
        details: {
          items: total,
          letter: stored.letterRegistrationNumber,
          copies: copies.length,
          pages: stored.pages,
          feeKr: stored.feeKr,
        },
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
          viewingBooked: row.viewing_at !== null,
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
          appeal_hold_until: appealable
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
