import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { LetterBlock, LetterKind } from './letters/letter';
import { letterText, letterTitle, parseLetter } from './letters/letter';
import { nextStatus, publicStatus } from './request-lifecycle';
import { composeDecisionLetter, RequestDeliveryService } from './request-delivery.service';
import { approvalRequiredError, findApprovalStates } from './item-approvals';
import { consistencyReasonInput, type DecisionConflict } from './decision-consistency';
import { DecisionConsistencyQueries } from './decision-consistency.queries';
import { findRequestRow } from './request-lookup';
import type { RequestsTables } from './requests.entities';
import { requireReviewer } from './review-support';

/** Where the letter's registration number will stand: none is taken before the decision does. */
export const PREVIEW_LETTER_NUMBER = 'tilldelas när beslutet registreras';

/** The letter a completion would register, as the reviewer confirms it. */
export interface DecisionPreview {
  readonly requestRegistrationNumber: string;
  readonly kind: LetterKind;
  readonly title: string;
  readonly date: string;
  readonly blocks: readonly LetterBlock[];
  readonly copies: number;
  readonly pages: number;
  readonly feeKr: number;
  /** Where the decisions disagree, confirmed with the reason given (decision-consistency.ts). */
  readonly conflicts: readonly DecisionConflict[];
}

/**
 * "Begäran är färdigbeslutad" cannot be undone: before it, the reviewer sees the letter it will
 * register. The same composition as the completion's (`composeDecisionLetter`) from the request
 * as it stands, with the released records drawn through the redaction engine and its leak check
 * (a blocked copy is told here, as the completion would), and nothing stored: no registration
 * number is taken, no letter or copy kept. Audited as a read of the request.
 */
@Injectable()
export class DecisionPreviewService {
  constructor(
    private readonly em: EntityManager,
    private readonly delivery: RequestDeliveryService,
    private readonly audit: AuditService,
    private readonly consistency: DecisionConsistencyQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `consistencyReason`: the reviewer's reason for decisions that disagree, as the completion
   * will take it; without one where they disagree, refused as the completion would refuse.
   */
  async previewDecision(
    actor: Actor,
    requestId: string,
    consistencyReason: string | null = null,
  ): Promise<DecisionPreview> {
    requireReviewer(actor);
    const em = this.em.fork();
    const row = await findRequestRow(em, requestId);
    if (nextStatus(row.status, 'complete_decision') === null) {
      throw new DomainError(
        ErrorCode.InvalidState,
        `Det går inte i det här läget: begäran är ${publicStatus(row.status).label.toLowerCase()}.`,
      );
    }
    await assertEveryItemDecided(em, requestId);
    if (this.config.requests.fourEyes !== 'off') {
      // Told before the confirmation page, as the completion would refuse it.
      const { awaiting } = await findApprovalStates(em, requestId);
      if (awaiting.length > 0) {
        throw approvalRequiredError(awaiting);
      }
    }
    const conflicts = await this.consistency.requireReason(
      em,
      requestId,
      consistencyReasonInput(consistencyReason),
    );
    const copies = await this.delivery.prepareCopies(actor, requestId);
    const { input, kind, feeKr, pages } = await composeDecisionLetter(
      em,
      this.config,
      actor,
      requestId,
      copies,
      new Date(),
      () => Promise.resolve(PREVIEW_LETTER_NUMBER),
    );
    const blocks = parseLetter(letterText(input, this.config.paths.templates));
    await this.audit.recordNow({
      action: 'records_request.letter.previewed',
      actor: auditActor(actor),
      targetType: 'records_request',
      targetId: requestId,
      details: { registrationNumber: row.registration_number, kind },
    });
    return {
      requestRegistrationNumber: row.registration_number,
      kind,
      title: letterTitle(kind),
      date: input.date,
      blocks,
      copies: copies.length,
      pages,
      feeKr,
      conflicts,
    };
  }
}

/** Every record of the request decided, or why not (the completion asks the same). */
async function assertEveryItemDecided(em: EntityManager, requestId: string): Promise<void> {
  const { total, decided } = await em
    .getKysely<RequestsTables>()
    .selectFrom('records_request_item')
    .select((eb) => [
      eb.cast<number>(eb.fn.countAll(), 'integer').as('total'),
      eb.cast<number>(eb.fn.count('decision'), 'integer').as('decided'),
    ])
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  if (total === 0 || decided < total) {
    throw new DomainError(
      ErrorCode.InvalidState,
      total === 0
        ? 'Begäran har inga handlingar att besluta om. Lägg till handlingar, eller anteckna varför inga finns.'
        : `${total - decided} handlingar återstår att besluta om.`,
    );
  }
}
