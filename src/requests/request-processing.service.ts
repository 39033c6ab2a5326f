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
        opts: { removeOnComplete: 100, removeOnFail: 100 },
      },
    );
  }

  /** Returns false when the request had been processed already (nothing done). */
  async runFirstSteps(requestId: string): Promise<boolean> {
    const ran = await this.firstSteps(requestId);
    // After the commit: the reminder and escalation for the decision date (idempotent).
    await this.deadlines.schedule(requestId);
    return ran;
  }

  private firstSteps(requestId: string): Promise<boolean> {
    return this.em.fork().transactional(async (em) => {
      const db = em.getKysely<RequestsTables>();
      const request = await db
        .selectFrom('records_request')
        .select([
          'id',
          'registration_number',
          'received_on',
          'pupil_name',
          'concerning_pupil_id',
          'school',
          'period',
          'processed_at',
        ])
        .where('id', '=', requestId)
        .forUpdate()
        .executeTakeFirst();
      if (!request) {
        this.logger.warn({ requestId }, 'First steps for a request that does not exist');
        return false;
      }
      if (request.processed_at !== null) {
        return false;
      }
      const now = new Date();
      const deadlines = computeDeadlines(request.received_on, this.config.requests);
      const criteria = matchCriteria({
        pupilName: request.pupil_name,
        school: request.school,
        period: request.period,
      });
      const matched = await this.insertCandidates(
        em,
        requestId,
        criteria,
        now,
        request.concerning_pupil_id,
      );
      // Every reviewer on duty the day the request came in; the accounts are the auth module's.
      const notified = await db
        .insertInto('staff_notification')
        .columns(['id', 'account_id', 'request_id', 'kind', 'created_at'])
        .expression(
          reviewerNoticeRows(em, {
            requestId,
            kind: 'new_request',
            day: request.received_on,
            now,
          }),
        )
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .execute();
      await db
        .updateTable('records_request')
        .set({
          first_action_due: deadlines.firstActionDue,
          decision_due: deadlines.decisionDue,
          processed_at: now,
          updated_at: now,
        })
        .where('id', '=', requestId)
        .execute();
      const details = {
        firstActionDue: deadlines.firstActionDue,
        decisionDue: deadlines.decisionDue,
        records: matched.records,
        drafts: matched.drafts,
        reviewersNotified: notified.length,
      };
      await db
        .insertInto('records_request_event')
        .values({
          request_id: requestId,
          occurred_at: now,
          kind: 'first_steps',
          details: sql<JsonObject>`${JSON.stringify(details)}::jsonb`,
        })
        .execute();
      await this.audit.record(em, {
        action: 'records_request.processed',
        actor: { accountId: null, personId: null },
        targetType: 'records_request',
        targetId: requestId,
        details: { registrationNumber: request.registration_number, ...details },
      });
      return true;
    });
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

  private async insertCandidates(
    em: EntityManager,
    requestId: string,
    criteria: MatchCriteria,
    now: Date,
    // A guardian's request names its child by id: that child's plans, not everyone of the name.
    pupilId: string | null,
  ): Promise<{ records: number; drafts: number }> {
    if (
      pupilId === null &&
      criteria.nameTokens.length === 0 &&
      criteria.civicNumbers.length === 0
    ) {
      return { records: 0, drafts: 0 };
    }
    const match: PlanMatch =
      pupilId !== null
        ? {
            personIds: [pupilId],
            civicNumbers: [],
            namePatterns: [],
            schoolPattern: null,
            period: criteria.period,
          }
        : {
            civicNumbers: criteria.civicNumbers,
            namePatterns: criteria.nameTokens.map((token) => `%${escapeLike(token)}%`),
            schoolPattern: criteria.school ? `%${escapeLike(criteria.school)}%` : null,
            period: criteria.period,
          };
    // Each an insert from a subquery of the plans module: one statement per kind, as before.
    const db = em.getKysely<RequestsTables>();
    const records = await db
      .insertInto('records_request_item')
      .columns(['id', 'request_id', 'record_id', 'kind', 'source', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom(matchingRecordIds(em, match, MAX_CANDIDATES).as('m'))
          .select([
            sql<string>`gen_random_uuid()`.as('id'),
            sql.val(requestId).as('request_id'),
            'm.record_id',
            sql.lit('record').as('kind'),
            sql.lit('matched').as('source'),
            sql.val(now).as('created_at'),
          ]),
      )
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .execute();
    const drafts = await db
      .insertInto('records_request_item')
      .columns(['id', 'request_id', 'plan_id', 'kind', 'source', 'created_at'])
      .expression((eb) =>
        eb
          .selectFrom(matchingDraftPlanIds(em, match, MAX_CANDIDATES).as('m'))
          .select([
            sql<string>`gen_random_uuid()`.as('id'),
            sql.val(requestId).as('request_id'),
            'm.plan_id',
            sql.lit('draft').as('kind'),
            sql.lit('matched').as('source'),
            sql.val(now).as('created_at'),
          ]),
      )
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .execute();
    return { records: records.length, drafts: drafts.length };
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
