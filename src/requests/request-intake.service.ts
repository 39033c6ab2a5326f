import { randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import {
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { defaultMessageOf } from '../common/errors/error-status';
import type { Form } from '../common/http/form';
import { isIsoDate, stockholmClock, stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EmailService } from '../email/email.service';
import { JobBatcher } from '../queue/job-batcher';
import { finishedJobsKept } from '../queue/job-retention';
import { QUEUE_ADD_WAIT_MS, within } from '../queue/within';
import type { RecordsTables } from '../records/records.entities';
import { RequestRecords } from '../records/request-records.queries';
import { RecordsService } from '../records/records.service';
import { IntakeInput, validateIntake } from './intake-input';
import { idempotencyClaim, openReceiptCode, sealReceiptCode } from './intake-idempotency';
import {
  EarlierFiling,
  IntakeIdempotencyRepository,
  isLockTimeout,
} from './intake-idempotency.repository';
import { IntakeRateLimiter } from './intake-rate-limiter';
import {
  hashReceiptCode,
  newReceiptCode,
  NO_SUCH_RECEIPT_CODE,
  type ReceiptKey,
} from './receipt-code';
import {
  appealDeadline,
  Channel,
  ClosedAs,
  computeDeadlines,
  DeliveryMethod,
  isOpenRequest,
  notifiedOfDecisionOn,
  RequestStatus,
} from './request-lifecycle';
import type { RequestsTables } from './requests.entities';
import { addDays } from './working-days';
import { REQUESTS_QUEUE } from '../queue/queue-names';
import { FirstStepsPayload, firstStepsJobId, RequestsJob } from './requests.jobs';

export interface FiledRequest {
  readonly id: string;
  readonly registrationNumber: string;
  /** Shown once, to the requester; only its hash is kept. */
  readonly receiptCode: string;
  readonly status: RequestStatus;
}

/** What a requester may know of their request (the view words it: `toPublicStatusView`). */
export interface RequestStatusForRequester {
  readonly registrationNumber: string;
  readonly status: RequestStatus;
  readonly receivedOn: string;
  readonly decisionDue: string | null;
  /** The reviewer's question while the request waits for the requester. */
  readonly clarificationQuestion: string | null;
  /** Delivered electronically: the copies can be fetched with a download link. */
  readonly canDownload: boolean;
  /** The fee for paper copies once decided (kr), else null. */
  readonly feeKr: number | null;
  /** How a fee is paid: by invoice (the requester consented) or before the copies are sent. */
  readonly invoiced: boolean;
  /** Why the request needs longer, as the reviewer told the requester. */
  readonly extensionNotice: string | null;
  /** The booked time to read the records on site. */
  readonly viewing: { readonly date: string; readonly time: string; readonly place: string } | null;
  /**
   * Decided with something refused or struck: the last day to appeal
   * (`day`), or while an electronic decision has not been downloaded, that
   * the three weeks count from the download (`fromDownload`); null when
   * nothing can be appealed.
   */
  readonly appeal: { readonly day: string } | { readonly fromDownload: true } | null;
  /** Closed without records: none exists here, or forwarded to the authority named. */
  readonly closure: ClosedAs | null;
  /** The day the latest appeal came in, if any. */
  readonly appealedOn: string | null;
  /**
   * Released in batches while the rest is still under review: the copies
   * out so far (title and day) and the records still being decided (by
   * registration number and title); null when nothing went out ahead of the
   * decision, or once decided.
   */
  readonly partDelivery: {
    readonly delivered: readonly { readonly title: string; readonly deliveredOn: string }[];
    readonly underReview: readonly string[];
  } | null;
}

/** How a request came in: the public form or API (anonymous), or staff who register or forward one. */
export type Origin =
  | { readonly channel: 'web' | 'api'; readonly clientAddress: string }
  /** A guardian signed in, for their own child (verified by the caller against the access policy). */
  | { readonly channel: 'guardian'; readonly actor: Actor; readonly pupilId: string }
  | {
      readonly channel: Exclude<Channel, 'web' | 'api' | 'guardian'>;
      readonly actor: Actor;
      /** The day the request reached the municipality (YYYY-MM-DD). */
      readonly receivedOn: string;
    };

/**
 * Requests for public records coming in. The row is committed first; the
 * first-steps job is queued after, and a job lost between the two is made
 * again by the sweeper, so nothing filed is ever lost.
 */
@Injectable()
export class RequestIntakeService {
  private readonly logger = new Logger(RequestIntakeService.name);
  /** Requests filed together have their first steps queued together (bench/intake.mjs). */
  private readonly jobs: JobBatcher<FirstStepsPayload>;

  constructor(
    private readonly em: EntityManager,
    private readonly records: RecordsService,
    private readonly requestRecords: RequestRecords,
    private readonly audit: AuditService,
    private readonly rateLimiter: IntakeRateLimiter,
    private readonly idempotency: IntakeIdempotencyRepository,
    private readonly email: EmailService,
    @InjectQueue(REQUESTS_QUEUE) private readonly queue: Queue<FirstStepsPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.jobs = new JobBatcher(queue);
  }

  /**
   * Files a request. With an `Idempotency-Key` (`idempotencyKey`), a filing
   * the same caller made on the same route with that key in the last 24 hours
   * is answered again instead (`fileOnce`).
   */
  async file(
    raw: Readonly<Form>,
    origin: Origin,
    idempotencyKey: string | null = null,
  ): Promise<FiledRequest> {
    const checked = validateIntake(raw);
    const problems = 'problems' in checked ? [...checked.problems] : [];
    const now = new Date();
    const today = stockholmToday(now);
    const receivedOn = 'receivedOn' in origin ? origin.receivedOn : today;
    if ('receivedOn' in origin && !validReceivedOn(origin.receivedOn, today)) {
      problems.push({
        field: 'receivedOn',
        problems: ['ska vara ett datum (ÅÅÅÅ-MM-DD) från det senaste året, inte i framtiden'],
      });
    }
    if (problems.length > 0 || !('input' in checked)) {
      throw new ValidationFailedError(problems);
    }
    if (idempotencyKey !== null) {
      return this.fileOnce(idempotencyKey, raw, checked.input, origin, receivedOn, now);
    }
    if ('clientAddress' in origin) {
      await this.rateLimiter.consume(origin.clientAddress);
    }
    const { filed, emails } = await this.insert(checked.input, origin, receivedOn, now);
    await this.enqueue(filed.id);
    await this.email.dispatch(emails);
    return filed;
  }

  /** The status a requester sees with their receipt code; nothing about the content. */
  async statusByReceipt(key: ReceiptKey | null): Promise<RequestStatusForRequester> {
    if (!key) {
      throw new NotFoundError(NO_SUCH_RECEIPT_CODE);
    }
    const row = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select([
        'id',
        'registration_number',
        'status',
        'received_on',
        'decision_due',
        'clarification_question',
        'delivery',
        'fee_kr',
        'invoice_consent_at',
        'extension_notice',
        'viewing_at',
        'viewing_place',
        'decided_at',
        'delivered_at',
        'decision_seen_at',
        'appeal_hold_until',
        'closure',
        'forwarded_to',
        (eb) =>
          eb
            .selectFrom('records_request_appeal as ap')
            .select('ap.received_on')
            .whereRef('ap.request_id', '=', 'records_request.id')
            .orderBy('ap.created_at', 'desc')
            .limit(1)
            .as('appealed_on'),
      ])
      .where('receipt_code_hash', '=', key)
      .executeTakeFirst();
    if (!row) {
      throw new NotFoundError(NO_SUCH_RECEIPT_CODE);
    }
    const status = row.status;
    const partDelivery = isOpenRequest(status) ? await this.partDelivery(row.id) : null;
    return {
      registrationNumber: row.registration_number,
      status,
      receivedOn: row.received_on,
      decisionDue: row.decision_due,
      clarificationQuestion:
        status === 'awaiting_clarification' ? row.clarification_question : null,
      canDownload:
        row.delivery === 'electronic' &&
        (status === 'delivered' || (partDelivery?.delivered.length ?? 0) > 0),
      feeKr: row.fee_kr,
      invoiced: row.invoice_consent_at !== null,
      extensionNotice: isOpenRequest(status) ? row.extension_notice : null,
      viewing:
        row.viewing_at && status === 'decided'
          ? {
              // The driver hands the timestamp over as text (MikroORM's type parsers).
              date: stockholmToday(new Date(row.viewing_at)),
              time: stockholmClock(new Date(row.viewing_at)),
              place: row.viewing_place ?? '',
            }
          : null,
      appeal: this.appealBy(row),
      closure: row.closure ? { kind: row.closure, forwardedTo: row.forwarded_to } : null,
      appealedOn: row.appealed_on ?? null,
      partDelivery,
    };
  }

  /** What went out ahead of the decision and how much is still under review (null: nothing went). */
  private async partDelivery(
    requestId: string,
  ): Promise<RequestStatusForRequester['partDelivery']> {
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item as i')
      .leftJoin('records_request_document as d', (join) =>
        join
          .onRef('d.item_id', '=', 'i.id')
          .on('d.kind', '=', 'copy')
          .on('d.superseded_at', 'is', null),
      )
      .select(['i.delivered_at', 'i.record_id', 'd.title'])
      .where('i.request_id', '=', requestId)
      .orderBy('d.title')
      .execute();
    const delivered = rows.flatMap((row) =>
      row.delivered_at !== null && row.title !== null
        ? // pg hands a timestamptz over as text here; new Date reads either.
          [{ title: row.title, deliveredOn: stockholmToday(new Date(row.delivered_at)) }]
        : [],
    );
    if (delivered.length === 0) {
      return null;
    }
    const pending = rows.filter((row) => row.delivered_at === null);
    const described = await this.requestRecords.describe(
      this.em.fork(),
      pending.flatMap((row) => (row.record_id ? [row.record_id] : [])),
    );
    const underReview = pending
      .map((row) => {
        const record = row.record_id ? described.get(row.record_id) : undefined;
        return record
          ? `${record.registrationNumber} (${record.title})`
          : 'Ett utkast till utvecklingsplan (ännu ingen allmän handling)';
      })
      .sort();
    return { delivered, underReview };
  }

  /** The last day to appeal a delivered decision that refused or struck something. */
  private appealBy(row: {
    readonly status: RequestStatus;
    readonly delivery: DeliveryMethod;
    readonly decided_at: Date | string | null;
    readonly delivered_at: Date | string | null;
    readonly decision_seen_at: Date | string | null;
    readonly appeal_hold_until: string | null;
  }): RequestStatusForRequester['appeal'] {
    if (row.status !== 'delivered' || row.appeal_hold_until === null || row.decided_at === null) {
      return null;
    }
    // The driver hands timestamps over as text (MikroORM's type parsers); new Date reads either.
    const dayOf = (at: Date | string | null) => (at === null ? null : stockholmToday(new Date(at)));
    const notifiedOn = notifiedOfDecisionOn({
      delivery: row.delivery,
      decidedOn: dayOf(row.decided_at) ?? '',
      deliveredOn: dayOf(row.delivered_at),
      decisionSeenOn: dayOf(row.decision_seen_at),
      postMarginWorkingDays: this.config.requests.appealPostMarginWorkingDays,
    });
    return notifiedOn === null ? { fromDownload: true } : { day: appealDeadline(notifiedOn) };
  }

  /**
   * Queues the first steps; if the queue is down the request is safe and the sweeper queues it
   * later. Waits a few seconds at most: with Redis away the job is sent once Redis is back.
   */
  async enqueue(requestId: string): Promise<void> {
    try {
      await within(
        this.jobs.add(
          RequestsJob.FirstSteps,
          { requestId },
          {
            jobId: firstStepsJobId(requestId),
            attempts: 8,
            backoff: { type: 'exponential', delay: 2000 },
            removeOnComplete: finishedJobsKept(this.config, 1000),
            removeOnFail: false,
          },
        ),
        QUEUE_ADD_WAIT_MS,
      );
    } catch (error) {
      this.logger.warn(
        { requestId, error: error instanceof Error ? error.message : String(error) },
        'Could not queue the first steps of a committed request; the sweeper will',
      );
    }
  }

  /**
   * A filing with an Idempotency-Key, in one transaction: the key is claimed
   * first (a concurrent retry with it waits there for this one's answer),
   * then the request is filed as any other; the key row and the request
   * commit together or not at all, so a failed filing (refused, rate-limited,
   * or the process gone) leaves the key free for the retry. A key used
   * before gets that filing's answer — the same registration number and
   * receipt code, with the status it was filed with — when the filing
   * matches (422 when it does not), and nothing is filed, counted or sent.
   */
  private async fileOnce(
    key: string,
    raw: Readonly<Form>,
    input: IntakeInput,
    origin: Origin,
    receivedOn: string,
    now: Date,
  ): Promise<FiledRequest> {
    const claim = idempotencyClaim(key, origin, raw);
    const id = randomUUID();
    const receiptCode = newReceiptCode();
    const receiptCodeSealed = sealReceiptCode(key, claim.keyHash, receiptCode);
    let outcome: { filed: FiledRequest; emails: string[] } | { earlier: EarlierFiling };
    try {
      outcome = await this.em.fork().transactional(async (em) => {
        const earlier = await this.idempotency.claim(
          em,
          { ...claim, requestId: id, receiptCodeSealed },
          now,
        );
        if (earlier) {
          return { earlier };
        }
        if ('clientAddress' in origin) {
          await this.rateLimiter.consume(origin.clientAddress);
        }
        return this.insert(input, origin, receivedOn, now, { em, id, receiptCode });
      });
    } catch (error) {
      if (isLockTimeout(error)) {
        throw new DomainError(
          ErrorCode.RequestInProgress,
          defaultMessageOf(ErrorCode.RequestInProgress),
          [],
          1,
        );
      }
      throw error;
    }
    if ('earlier' in outcome) {
      if (outcome.earlier.fingerprint !== claim.fingerprint) {
        throw new DomainError(
          ErrorCode.IdempotencyKeyReused,
          defaultMessageOf(ErrorCode.IdempotencyKeyReused),
        );
      }
      return {
        id: outcome.earlier.requestId,
        registrationNumber: outcome.earlier.registrationNumber,
        receiptCode: openReceiptCode(key, claim.keyHash, outcome.earlier.receiptCodeSealed),
        status: 'received',
      };
    }
    await this.enqueue(outcome.filed.id);
    await this.email.dispatch(outcome.emails);
    return outcome.filed;
  }

  /**
   * Inserts the request (and its receipt e-mail) in a transaction of its
   * own, or in `within`'s, with the id and receipt code it made.
   */
  private async insert(
    input: IntakeInput,
    origin: Origin,
    receivedOn: string,
    now: Date,
    within?: { readonly em: EntityManager; readonly id: string; readonly receiptCode: string },
  ): Promise<{ filed: FiledRequest; emails: string[] }> {
    const id = within?.id ?? randomUUID();
    const receiptCode = within?.receiptCode ?? newReceiptCode();
    const actor = 'actor' in origin ? origin.actor : null;
    // Known at once, so the queue can sort by them before the first steps have run.
    const deadlines = computeDeadlines(receivedOn, this.config.requests);
    const event = {
      action:
        origin.channel === 'forwarded' ? 'records_request.forwarded' : 'records_request.received',
      actor: actor ? auditActor(actor) : { accountId: null, personId: null },
      targetType: 'records_request',
      targetId: id,
      details: { channel: origin.channel, delivery: input.delivery },
    } as const;
    // One statement takes the number, inserts the request and its first event, and adds the
    // audit entry. The sequence row is locked from there to commit, and every other request
    // waits for it: no round trip to this process is made while it is held. (A data-modifying
    // CTE always runs, referenced or not.)
    const insert = (em: EntityManager) =>
      em
        .getKysely<RequestsTables>()
        .with('next_number', () =>
          this.records.takeRegistrationNumber(em.getKysely<RecordsTables>(), 'BEG', now),
        )
        .with('request', (db) =>
          db
            .insertInto('records_request')
            .columns([
              'id',
              'registration_number',
              'receipt_code_hash',
              'channel',
              'received_on',
              'received_at',
              'description',
              'pupil_name',
              'requester_person_id',
              'concerning_pupil_id',
              'school',
              'period',
              'delivery',
              'contact_name',
              'contact_email',
              'contact_phone',
              'postal_address',
              'status',
              'registered_by_account_id',
              'forwarded_by_account_id',
              'first_action_due',
              'decision_due',
              'invoice_consent_at',
              'created_at',
              'updated_at',
            ])
            .expression((eb) =>
              eb.selectFrom('next_number as n').select([
                eb.val(id).as('id'),
                'n.registration_number',
                eb.val(hashReceiptCode(receiptCode)).as('receipt_code_hash'),
                eb.val(origin.channel).as('channel'),
                eb.val(receivedOn).as('received_on'),
                eb.val(now).as('received_at'),
                eb.val(input.description).as('description'),
                eb.val(input.pupilName).as('pupil_name'),
                eb
                  .val(origin.channel === 'guardian' ? origin.actor.personId : null)
                  .as('requester_person_id'),
                eb
                  .val(origin.channel === 'guardian' ? origin.pupilId : null)
                  .as('concerning_pupil_id'),
                eb.val(input.school).as('school'),
                eb.val(input.period).as('period'),
                eb.val(input.delivery).as('delivery'),
                eb.val(input.contactName).as('contact_name'),
                eb.val(input.contactEmail).as('contact_email'),
                eb.val(input.contactPhone).as('contact_phone'),
                eb.val(input.postalAddress).as('postal_address'),
                eb.val('received').as('status'),
                eb
                  // Staff who registered it; a guardian filed it themselves.
                  .val(
                    actor && origin.channel !== 'forwarded' && origin.channel !== 'guardian'
                      ? actor.accountId
                      : null,
                  )
                  .as('registered_by_account_id'),
                eb
                  .val(actor && origin.channel === 'forwarded' ? actor.accountId : null)
                  .as('forwarded_by_account_id'),
                eb.val(deadlines.firstActionDue).as('first_action_due'),
                eb.val(deadlines.decisionDue).as('decision_due'),
                eb.val(input.invoiceConsent ? now : null).as('invoice_consent_at'),
                eb.val(now).as('created_at'),
                eb.val(now).as('updated_at'),
              ]),
            )
            .returning(['id', 'registration_number']),
        )
        .with('event', (db) =>
          db
            .insertInto('records_request_event')
            .columns(['request_id', 'occurred_at', 'kind', 'actor_account_id', 'details'])
            .expression((eb) =>
              eb
                .selectFrom('request')
                .select([
                  'request.id',
                  eb.val(now).as('occurred_at'),
                  eb.val('received').as('kind'),
                  eb.val(actor?.accountId ?? null).as('actor_account_id'),
                  sql`${JSON.stringify({ channel: origin.channel, receivedOn })}::jsonb`.as(
                    'details',
                  ),
                ]),
            ),
        )
        .selectFrom('request as r')
        .select((eb) => [
          'r.registration_number',
          this.audit
            .appendCall(event, { registrationNumber: eb.ref('r.registration_number') })
            .as('audit_entry_id'),
        ])
        .executeTakeFirstOrThrow();
    const filed = (registrationNumber: string): FiledRequest => ({
      id,
      registrationNumber,
      receiptCode,
      status: 'received',
    });
    const contactEmail = input.contactEmail;
    if (!contactEmail) {
      // A statement on its own is its own transaction: all of it commits, or none.
      const row = await insert(within?.em ?? this.em.fork());
      return { filed: filed(row.registration_number), emails: [] };
    }
    // The receipt e-mail names the number: written after it, in the same transaction.
    const withReceipt = async (em: EntityManager) => {
      const { registration_number: registrationNumber } = await insert(em);
      const email = await this.email.write(em, {
        to: contactEmail,
        kind: 'receipt',
        requestId: id,
        context: { registrationNumber, receiptCode },
      });
      return { filed: filed(registrationNumber), emails: [email] };
    };
    return within ? withReceipt(within.em) : this.em.fork().transactional(withReceipt);
  }
}

/** A date from the last year up to today: staff register what has already come in. */
function validReceivedOn(value: string, today: string): boolean {
  return (
    // A real calendar day: PostgreSQL refuses 2026-02-30 (a 500 at the insert).
    isIsoDate(value) && value <= today && value >= addDays(today, -366)
  );
}
