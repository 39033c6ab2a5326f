import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { EmailService } from '../email/email.service';
import {
  matchingDraftPlanIds,
  matchingRecordIds,
  type PlanMatch,
} from '../plans/plan-summaries.queries';
import type { AppConfig } from '../config/app-config';
import type { JsonObject } from '../database/kysely';
import { APP_CONFIG } from '../config/config.module';
import { computeDeadlines } from './request-lifecycle';
import { finishedJobsKept } from '../queue/job-retention';
import { REQUESTS_QUEUE } from '../queue/queue-names';
import {
  FirstStepsPayload,
  firstStepsJobId,
  RequestsJob,
  SWEEP_AFTER_MS,
  SWEEP_EVERY_MS,
} from './requests.jobs';
import { RequestDeadlinesService } from './request-deadlines.service';
import { IntakeIdempotencyRepository } from './intake-idempotency.repository';
import { RequestIntakeService } from './request-intake.service';
import { reviewerNoticeRows } from './staff-notices';
import type { RequestsTables } from './requests.entities';

const MAX_CANDIDATES = 50;

/** What to look for, taken from what the requester wrote. */
export interface MatchCriteria {
  readonly nameTokens: readonly string[];
  readonly civicNumbers: readonly string[];
  readonly school: string | null;
  readonly period: string | null;
}

/**
 * The pupil's name, or a personal identity number in it, plus school and
 * period. Without a name or a number nothing is matched: the reviewer adds
 * records by hand rather than the service guessing.
 */
export function matchCriteria(request: {
  pupilName: string | null;
  school: string | null;
  period: string | null;
}): MatchCriteria {
  const name = request.pupilName ?? '';
  const digits = name.replace(/[\s+-]/g, '');
  const civicNumbers = /^\d{12}$/.test(digits)
    ? [digits]
    : /^\d{10}$/.test(digits)
      ? [`20${digits}`, `19${digits}`]
      : [];
  const nameTokens =
    civicNumbers.length > 0
      ? []
      : name
          .toLowerCase()
          .split(/[\s,]+/u)
          .filter((token) => [...token].length >= 2)
          .slice(0, 5);
  const period =
    request.period
      ?.trim()
      .replace(
        /^(\d{4})\s*[/-]\s*(\d{2,4})$/,
        (_, a: string, b: string) => `${a}/${b.slice(-2)}`,
      ) ?? null;
  return {
    nameTokens,
    civicNumbers,
    school: request.school?.trim().toLowerCase() || null,
    period: period || null,
  };
}

/**
 * The first steps of every request, run by the queue: the deadlines
 * (working days, Swedish holidays), the records that may be the ones asked
 * for, and a notice to every reviewer. Runs once in effect: a second run
 * (a retried or duplicated job) finds the request processed and stops.
 */
@Injectable()
export class RequestProcessingService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RequestProcessingService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly intake: RequestIntakeService,
    private readonly email: EmailService,
    private readonly deadlines: RequestDeadlinesService,
    private readonly idempotency: IntakeIdempotencyRepository,
    @InjectQueue(REQUESTS_QUEUE) private readonly queue: Queue<FirstStepsPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorkers) {
      return;
    }
    await this.queue.upsertJobScheduler(
      'records-requests-sweep',
      { every: SWEEP_EVERY_MS },
      {
        name: RequestsJob.Sweep,
        data: { requestId: '' },
        opts: {
          removeOnComplete: finishedJobsKept(this.config, 100),
          removeOnFail: finishedJobsKept(this.config, 100),
        },
      },
    );
  }

  /**
   * Returns false when the request had been processed already (nothing done). Three round
   * trips: the request read, its deadline alerts queued (idempotent: named by request and
   * day), and one statement that does and records all the rest (`firstSteps`).
   */
  async runFirstSteps(requestId: string): Promise<boolean> {
    const em = this.em.fork();
    const request = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select([
        'registration_number',
        'received_on',
        'received_at',
        'pupil_name',
        'concerning_pupil_id',
        'school',
        'period',
        'status',
        'first_action_at',
        'processed_at',
      ])
      .where('id', '=', requestId)
      .executeTakeFirst();
    if (!request) {
      this.logger.warn({ requestId }, 'First steps for a request that does not exist');
      return false;
    }
    if (request.processed_at !== null) {
      // A retried or duplicated job: the alerts again, in case they were not queued (idempotent).
      await this.deadlines.schedule(requestId);
      return false;
    }
    const deadlines = computeDeadlines(request.received_on, this.config.requests);
    // Before the statement that marks the request processed, so that it can note them as
    // scheduled; a job that fails after this queues the same alerts again, which changes nothing.
    const alertsQueued = await this.deadlines.queueAlerts(requestId, {
      ...request,
      decision_due: deadlines.decisionDue,
      first_action_due: deadlines.firstActionDue,
    });
    return this.firstSteps(em, requestId, request, deadlines, alertsQueued);
  }

  /**
   * The candidates, the reviewers' notices, the deadlines, the history's event and the audit
   * entry in one statement (data-modifying CTEs; one statement is one transaction), guarded by
   * the request's row lock and `processed_at is null`: a second run writes nothing. What the
   * statement matches on (name, school, period, pupil, day received) is never changed after
   * intake, so reading it before the statement is safe. The audit entry is added in the
   * final select, after the counts it records.
   */
  private async firstSteps(
    em: EntityManager,
    requestId: string,
    request: {
      readonly registration_number: string;
      readonly received_on: string;
      readonly pupil_name: string | null;
      readonly concerning_pupil_id: string | null;
      readonly school: string | null;
      readonly period: string | null;
    },
    deadlines: { readonly firstActionDue: string; readonly decisionDue: string },
    alertsQueued: boolean,
  ): Promise<boolean> {
    const now = new Date();
    const match = candidateMatch(
      matchCriteria({
        pupilName: request.pupil_name,
        school: request.school,
        period: request.period,
      }),
      request.concerning_pupil_id,
    );
    // With nothing to match on, the candidates' inserts take no rows (and PostgreSQL runs no scan).
    const anything = sql.lit(match !== null);
    const any: PlanMatch = match ?? {
      civicNumbers: [],
      namePatterns: [],
      schoolPattern: null,
      period: null,
    };
    const row = await em
      .getKysely<RequestsTables>()
      .with('request', (db) =>
        db
          .selectFrom('records_request')
          .select('id')
          .where('id', '=', requestId)
          .where('processed_at', 'is', null)
          .forUpdate(),
      )
      .with('records', (db) =>
        db
          .insertInto('records_request_item')
          .columns(['id', 'request_id', 'record_id', 'kind', 'source', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom([matchingRecordIds(em, any, MAX_CANDIDATES).as('m'), 'request'])
              .select([
                sql<string>`gen_random_uuid()`.as('id'),
                'request.id as request_id',
                'm.record_id',
                sql.lit('record').as('kind'),
                sql.lit('matched').as('source'),
                sql.val(now).as('created_at'),
              ])
              .where(anything),
          )
          .onConflict((conflict) => conflict.doNothing())
          .returning('id'),
      )
      .with('drafts', (db) =>
        db
          .insertInto('records_request_item')
          .columns(['id', 'request_id', 'plan_id', 'kind', 'source', 'created_at'])
          .expression((eb) =>
            eb
              .selectFrom([matchingDraftPlanIds(em, any, MAX_CANDIDATES).as('m'), 'request'])
              .select([
                sql<string>`gen_random_uuid()`.as('id'),
                'request.id as request_id',
                'm.plan_id',
                sql.lit('draft').as('kind'),
                sql.lit('matched').as('source'),
                sql.val(now).as('created_at'),
              ])
              .where(anything),
          )
          .onConflict((conflict) => conflict.doNothing())
          .returning('id'),
      )
      // Every reviewer on duty the day the request came in; the accounts are the auth module's.
      .with('notified', (db) =>
        db
          .insertInto('staff_notification')
          .columns(['id', 'account_id', 'request_id', 'kind', 'created_at'])
          .expression(
            // Its request id, kind and time given here: the subquery's own are untyped text.
            db
              .selectFrom([
                reviewerNoticeRows(em, {
                  requestId,
                  kind: 'new_request',
                  day: request.received_on,
                  now,
                }).as('n'),
                'request',
              ])
              .select([
                'n.id',
                'n.account_id',
                'request.id as request_id',
                sql.lit('new_request').as('kind'),
                sql.val(now).as('created_at'),
              ]),
          )
          .onConflict((conflict) => conflict.doNothing())
          .returning('id'),
      )
      .with('counts', (db) =>
        db.selectNoFrom((eb) => [
          eb.selectFrom('records').select(eb.fn.countAll<string>().as('n')).as('records'),
          eb.selectFrom('drafts').select(eb.fn.countAll<string>().as('n')).as('drafts'),
          eb
            .selectFrom('notified')
            .select(eb.fn.countAll<string>().as('n'))
            .as('reviewers_notified'),
        ]),
      )
      .with('processed', (db) =>
        db
          .updateTable('records_request')
          .set({
            first_action_due: deadlines.firstActionDue,
            decision_due: deadlines.decisionDue,
            processed_at: now,
            updated_at: now,
            ...(alertsQueued ? { alerts_scheduled_for: deadlines.decisionDue } : {}),
          })
          .where('id', 'in', db.selectFrom('request').select('id'))
          .returning('id'),
      )
      .with('event', (db) =>
        db
          .insertInto('records_request_event')
          .columns(['request_id', 'occurred_at', 'kind', 'details'])
          .expression((eb) =>
            eb.selectFrom(['processed', 'counts']).select([
              'processed.id',
              sql.val(now).as('occurred_at'),
              sql.lit('first_steps').as('kind'),
              // jsonb_build_object has no typed form in Kysely.
              sql<JsonObject>`jsonb_build_object('firstActionDue', ${deadlines.firstActionDue}::text,
                  'decisionDue', ${deadlines.decisionDue}::text, 'records', counts.records::int,
                  'drafts', counts.drafts::int, 'reviewersNotified', counts.reviewers_notified::int)`.as(
                'details',
              ),
            ]),
          ),
      )
      .selectFrom(['request', 'counts'])
      .select((eb) => [
        'request.id',
        this.audit
          .appendCall(
            {
              action: 'records_request.processed',
              actor: { accountId: null, personId: null },
              targetType: 'records_request',
              targetId: requestId,
              details: {
                registrationNumber: request.registration_number,
                firstActionDue: deadlines.firstActionDue,
                decisionDue: deadlines.decisionDue,
              },
            },
            {},
            {
              records: eb.ref('counts.records'),
              drafts: eb.ref('counts.drafts'),
              reviewersNotified: eb.ref('counts.reviewers_notified'),
            },
          )
          .as('audit_entry_id'),
      ])
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Queues the first steps of every request committed without them having run, and unsent e-mails. */
  async sweep(): Promise<number> {
    await this.email.sweep();
    await this.deadlines.sweep();
    // Idempotency keys are kept 24 hours; a retry after that files anew anyway.
    await this.idempotency.purgeExpired(new Date());
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select('id')
      .where('processed_at', 'is', null)
      .where('created_at', '<', new Date(Date.now() - SWEEP_AFTER_MS).toISOString())
      .orderBy('created_at')
      .limit(500)
      .execute();
    for (const { id } of rows) {
      const existing = await this.queue.getJob(firstStepsJobId(id));
      if (existing && (await existing.isFailed())) {
        await existing.retry();
      } else if (!existing) {
        await this.intake.enqueue(id);
      }
    }
    if (rows.length > 0) {
      this.logger.log({ requests: rows.length }, 'Swept requests whose first steps had not run');
    }
    return rows.length;
  }
}

/**
 * What the candidates are matched on, or null when there is nothing to match: a guardian's
 * request names its child by id (that child's plans, not everyone of the name); otherwise a
 * name or a personal identity number, narrowed by school and period.
 */
function candidateMatch(criteria: MatchCriteria, pupilId: string | null): PlanMatch | null {
  if (pupilId !== null) {
    return {
      personIds: [pupilId],
      civicNumbers: [],
      namePatterns: [],
      schoolPattern: null,
      period: criteria.period,
    };
  }
  if (criteria.nameTokens.length === 0 && criteria.civicNumbers.length === 0) {
    return null;
  }
  return {
    civicNumbers: criteria.civicNumbers,
    namePatterns: criteria.nameTokens.map((token) => `%${escapeLike(token)}%`),
    schoolPattern: criteria.school ? `%${escapeLike(criteria.school)}%` : null,
    period: criteria.period,
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
