import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';

import { AuditService } from '../audit/audit.service';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EmailService } from '../email/email.service';
import { deadlineAlerts } from './request-lifecycle';
import { REQUESTS_QUEUE } from '../queue/queue-names';
import { DeadlinePayload, deadlineJobId, RequestsJob, RequestsPayload } from './requests.jobs';

type Row = Record<string, unknown>;

export type AlertKind = 'reminder' | 'escalation';

const EVENT: Readonly<Record<AlertKind, string>> = {
  reminder: 'reminder_sent',
  escalation: 'escalated',
};

/** Requests whose clock runs: waiting for the requester stops it, a decision ends it. */
const RUNNING = ['received', 'in_review'];

/**
 * "Skyndsamt" kept: a reminder to the assignee on the morning the decision
 * is due and an escalation to the team lead the first working morning after.
 * Both are delayed jobs on the requests queue, so they are kept in
 * PostgreSQL (or Redis) and survive restarts; each is named by its request
 * and decision date, so a moved date schedules new ones and the old ones
 * find themselves moot. Running one twice changes nothing.
 */
@Injectable()
export class RequestDeadlinesService {
  private readonly logger = new Logger(RequestDeadlinesService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly email: EmailService,
    @InjectQueue(REQUESTS_QUEUE) private readonly queue: Queue<RequestsPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Schedules the alerts for the request's current decision date, once
   * committed. If the queue is down the sweep schedules them later.
   */
  async schedule(requestId: string): Promise<void> {
    const em = this.em.fork();
    const [row] = await em.execute<Row[]>(
      `select decision_due::text as decision_due, status from records_request where id = ?`,
      [requestId],
    );
    if (!row || typeof row.decision_due !== 'string' || !RUNNING.includes(String(row.status))) {
      return;
    }
    const decisionDue = row.decision_due;
    const alerts = deadlineAlerts(decisionDue, this.config.requests.reminderHour);
    const now = Date.now();
    try {
      // Both in one call: one round trip to the queue backend, not two.
      await this.queue.addBulk(
        (
          [
            ['reminder', alerts.reminderAt, RequestsJob.Reminder],
            ['escalation', alerts.escalationAt, RequestsJob.Escalation],
          ] as const
        ).map(([kind, at, name]) => ({
          name,
          data: { requestId, decisionDue },
          opts: {
            jobId: deadlineJobId(kind, requestId, decisionDue),
            delay: Math.max(0, at.getTime() - now),
            attempts: 8,
            backoff: { type: 'exponential' as const, delay: 5000 },
            removeOnComplete: 1000,
            removeOnFail: false,
          },
        })),
      );
      await em.execute('update records_request set alerts_scheduled_for = ? where id = ?', [
        decisionDue,
        requestId,
      ]);
    } catch (error) {
      this.logger.warn(
        { requestId, error: error instanceof Error ? error.message : String(error) },
        'Could not schedule the deadline alerts; the sweeper will',
      );
    }
  }

  /** Running requests whose alerts are not scheduled for their current date. */
  async sweep(): Promise<number> {
    const rows = await this.em.fork().execute<Row[]>(
      `select id from records_request
        where status in ('received', 'in_review') and processed_at is not null
          and decision_due is not null and alerts_scheduled_for is distinct from decision_due
        order by decision_due limit 500`,
    );
    for (const row of rows) {
      await this.schedule(String(row.id));
    }
    return rows.length;
  }

  /**
   * Sends one alert: staff notifications (and e-mail where the directory
   * has an address), an event in the request's history and an audit entry.
   * Returns false when it was moot: the request decided, waiting for the
   * requester, its date moved, or this alert already sent.
   */
  async run(kind: AlertKind, payload: DeadlinePayload, jobId: string | null): Promise<boolean> {
    const emails: string[] = [];
    const sent = await this.em.fork().transactional(async (em) => {
      const [request] = await em.execute<Row[]>(
        `select id, registration_number, status, decision_due::text as decision_due, assignee_account_id
           from records_request where id = ? for update`,
        [payload.requestId],
      );
      if (
        !request ||
        !RUNNING.includes(String(request.status)) ||
        request.decision_due !== payload.decisionDue ||
        // A reminder that comes too late (the service was down) is left to the escalation.
        (kind === 'reminder' && stockholmToday(new Date()) > payload.decisionDue)
      ) {
        return false;
      }
      const [done] = await em.execute<Row[]>(
        `select 1 from records_request_event
          where request_id = ? and kind = ? and details ->> 'decisionDue' = ?`,
        [payload.requestId, EVENT[kind], payload.decisionDue],
      );
      if (done) {
        return false;
      }
      const now = new Date();
      const recipients = await this.recipients(em, kind, request);
      for (const recipient of recipients) {
        await em.execute(
          `insert into staff_notification (id, account_id, request_id, kind, created_at)
           values (gen_random_uuid(), ?, ?, ?, ?)
           on conflict (account_id, request_id, kind) do update set created_at = excluded.created_at, read_at = null`,
          [recipient.accountId, payload.requestId, kind, now],
        );
        if (recipient.email) {
          emails.push(
            await this.email.write(em, {
              to: recipient.email,
              kind,
              requestId: payload.requestId,
              context: {
                registrationNumber: String(request.registration_number),
                decisionDue: payload.decisionDue,
                requestUrl: `${this.config.http.publicBaseUrl.replace(/\/$/, '')}/handlaggning/begaran/${payload.requestId}`,
              },
            }),
          );
        }
      }
      const details = {
        decisionDue: payload.decisionDue,
        notified: recipients.length,
        assigned: request.assignee_account_id ? 1 : 0,
      };
      await em.execute(
        `insert into records_request_event (request_id, occurred_at, kind, details) values (?, ?, ?, ?::jsonb)`,
        [payload.requestId, now, EVENT[kind], JSON.stringify(details)],
      );
      await this.audit.record(em, {
        action: kind === 'reminder' ? 'records_request.reminded' : 'records_request.escalated',
        actor: { accountId: null, personId: null },
        targetType: 'records_request',
        targetId: payload.requestId,
        details: { registrationNumber: String(request.registration_number), ...details },
        requestId: jobId,
      });
      return true;
    });
    await this.email.dispatch(emails);
    return sent;
  }

  /**
   * A reminder goes to the assignee (every reviewer while nobody has the
   * request); an escalation to the team leads named in the settings (every
   * reviewer when none is named or none of them can be found).
   */
  private async recipients(
    em: EntityManager,
    kind: AlertKind,
    request: Row,
  ): Promise<{ accountId: string; email: string | null }[]> {
    const select = `select a.id, pe.imported_email from account a join person pe on pe.id = a.person_id
                     where not a.is_disabled`;
    const reviewers = `${select} and exists (select 1 from staff_duty d where d.person_id = a.person_id
                         and d.role = 'reviewer' and (d.end_date is null or d.end_date >= current_date))`;
    let rows: Row[] = [];
    if (kind === 'reminder' && typeof request.assignee_account_id === 'string') {
      rows = await em.execute<Row[]>(`${select} and a.id = ?`, [request.assignee_account_id]);
    }
    const leads = this.config.requests.escalateTo;
    if (kind === 'escalation' && leads.length > 0) {
      rows = await em.execute<Row[]>(
        `${select} and a.username in (${leads.map(() => '?').join(', ')})`,
        [...leads],
      );
    }
    if (rows.length === 0) {
      rows = await em.execute<Row[]>(reviewers);
    }
    return rows.map((row) => ({
      accountId: String(row.id),
      email:
        typeof row.imported_email === 'string' && row.imported_email ? row.imported_email : null,
    }));
  }
}
