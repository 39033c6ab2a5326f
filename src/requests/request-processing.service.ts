import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

import { AuditService } from '../audit/audit.service';
import { EmailService } from '../email/email.service';
import type { AppConfig } from '../config/app-config';
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
import { RequestIntakeService } from './request-intake.service';

type Row = Record<string, unknown>;

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
  async runFirstSteps(requestId: string, jobId: string | null): Promise<boolean> {
    const ran = await this.firstSteps(requestId, jobId);
    // After the commit: the reminder and escalation for the decision date (idempotent).
    await this.deadlines.schedule(requestId);
    return ran;
  }

  private firstSteps(requestId: string, jobId: string | null): Promise<boolean> {
    return this.em.fork().transactional(async (em) => {
      const [request] = await em.execute<Row[]>(
        `select id, registration_number, received_on::text as received_on, pupil_name, school, period, processed_at
           from records_request where id = ? for update`,
        [requestId],
      );
      if (!request) {
        this.logger.warn({ requestId }, 'First steps for a request that does not exist');
        return false;
      }
      if (request.processed_at !== null) {
        return false;
      }
      const now = new Date();
      const deadlines = computeDeadlines(String(request.received_on), this.config.requests);
      const criteria = matchCriteria({
        pupilName: (request.pupil_name as string | null) ?? null,
        school: (request.school as string | null) ?? null,
        period: (request.period as string | null) ?? null,
      });
      const matched = await this.insertCandidates(em, requestId, criteria, now);
      const notified = await em.execute<Row[]>(
        `insert into staff_notification (id, account_id, request_id, kind, created_at)
         select gen_random_uuid(), a.id, ?, 'new_request', ?
           from account a
          where not a.is_disabled
            and exists (select 1 from staff_duty d where d.person_id = a.person_id and d.role = 'reviewer'
                          and (d.end_date is null or d.end_date >= ?::date))
         on conflict do nothing returning id`,
        [requestId, now, String(request.received_on)],
      );
      await em.execute(
        `update records_request set first_action_due = ?, decision_due = ?, processed_at = ?, updated_at = ?
          where id = ?`,
        [deadlines.firstActionDue, deadlines.decisionDue, now, now, requestId],
      );
      const details = {
        firstActionDue: deadlines.firstActionDue,
        decisionDue: deadlines.decisionDue,
        records: matched.records,
        drafts: matched.drafts,
        reviewersNotified: notified.length,
      };
      await em.execute(
        `insert into records_request_event (request_id, occurred_at, kind, details) values (?, ?, 'first_steps', ?::jsonb)`,
        [requestId, now, JSON.stringify(details)],
      );
      await this.audit.record(em, {
        action: 'records_request.processed',
        actor: { accountId: null, personId: null },
        targetType: 'records_request',
        targetId: requestId,
        details: { registrationNumber: String(request.registration_number), ...details },
        requestId: jobId,
      });
      return true;
    });
  }

  /** Queues the first steps of every request committed without them having run, and unsent e-mails. */
  async sweep(): Promise<number> {
    await this.email.sweep();
    await this.deadlines.sweep();
    const rows = await this.em
      .fork()
      .execute<Row[]>(
        `select id from records_request where processed_at is null and created_at < ? order by created_at limit 500`,
        [new Date(Date.now() - SWEEP_AFTER_MS)],
      );
    for (const row of rows) {
      const id = String(row.id);
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
  ): Promise<{ records: number; drafts: number }> {
    if (criteria.nameTokens.length === 0 && criteria.civicNumbers.length === 0) {
      return { records: 0, drafts: 0 };
    }
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (criteria.civicNumbers.length > 0) {
      conditions.push(`pe.civic_no in (${criteria.civicNumbers.map(() => '?').join(', ')})`);
      params.push(...criteria.civicNumbers);
    }
    for (const token of criteria.nameTokens) {
      conditions.push(`lower(pe.given_name || ' ' || pe.family_name) like ?`);
      params.push(`%${escapeLike(token)}%`);
    }
    if (criteria.school) {
      conditions.push('lower(su.name) like ?');
      params.push(`%${escapeLike(criteria.school)}%`);
    }
    if (criteria.period) {
      conditions.push('p.period = ?');
      params.push(criteria.period);
    }
    const where = conditions.join(' and ');
    const records = await em.execute<Row[]>(
      `insert into records_request_item (id, request_id, record_id, kind, source, created_at)
       select gen_random_uuid(), ?, v.record_id, 'record', 'matched', ?
         from plan_version v
         join plan p on p.id = v.plan_id
         join person pe on pe.id = p.pupil_id
         join school_unit su on su.id = p.school_unit_id
        where ${where}
        order by v.established_at desc
        limit ${MAX_CANDIDATES}
       on conflict do nothing returning id`,
      [requestId, now, ...params],
    );
    const drafts = await em.execute<Row[]>(
      `insert into records_request_item (id, request_id, plan_id, kind, source, created_at)
       select gen_random_uuid(), ?, p.id, 'draft', 'matched', ?
         from plan p
         join person pe on pe.id = p.pupil_id
         join school_unit su on su.id = p.school_unit_id
        where p.state = 'draft' and ${where}
        limit ${MAX_CANDIDATES}
       on conflict do nothing returning id`,
      [requestId, now, ...params],
    );
    return { records: records.length, drafts: drafts.length };
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
