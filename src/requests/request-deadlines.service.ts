import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { StaffAccountsQueries } from '../auth/staff-accounts.queries';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { JsonObject } from '../database/kysely';
import { EmailService } from '../email/email.service';
import { deadlineAlerts, type RequestStatus } from './request-lifecycle';
import { RecordsRequest, type RequestsTables } from './requests.entities';
import { REQUESTS_QUEUE } from '../queue/queue-names';
import { DeadlinePayload, deadlineJobId, RequestsJob, RequestsPayload } from './requests.jobs';

export type AlertKind = 'reminder' | 'escalation';

const EVENT: Readonly<Record<AlertKind, string>> = {
  reminder: 'reminder_sent',
  escalation: 'escalated',
};

/** Requests whose clock runs: waiting for the requester stops it, a decision ends it. */
const RUNNING: readonly RequestStatus[] = ['received', 'in_review'];

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
    private readonly staff: StaffAccountsQueries,
    @InjectQueue(REQUESTS_QUEUE) private readonly queue: Queue<RequestsPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Schedules the alerts for the request's current decision date, once
   * committed. If the queue is down the sweep schedules them later.
   */
  async schedule(requestId: string): Promise<void> {
    const em = this.em.fork();
    const db = em.getKysely<RequestsTables>();
    const row = await db
      .selectFrom('records_request')
      .select(['decision_due', 'status'])
      .where('id', '=', requestId)
      .executeTakeFirst();
    if (!row || row.decision_due === null || !RUNNING.includes(row.status)) {
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
      await em.nativeUpdate(RecordsRequest, { id: requestId }, { alertsScheduledFor: decisionDue });
    } catch (error) {
      this.logger.warn(
        { requestId, error: error instanceof Error ? error.message : String(error) },
        'Could not schedule the deadline alerts; the sweeper will',
      );
    }
  }

  /** Running requests whose alerts are not scheduled for their current date. */
  async sweep(): Promise<number> {
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select('id')
      .where(
        'status',
        'in',
        RUNNING.map((status) => sql.lit(status)),
      )
      .where('processed_at', 'is not', null)
      .where('decision_due', 'is not', null)
      .whereRef('alerts_scheduled_for', 'is distinct from', 'decision_due')
      .orderBy('decision_due')
      .limit(500)
      .execute();
    for (const row of rows) {
      await this.schedule(row.id);
    }
    return rows.length;
  }

  /**
   * Sends one alert: staff notifications (and e-mail where the directory
   * has an address), an event in the request's history and an audit entry.
   * Returns false when it was moot: the request decided, waiting for the
   * requester, its date moved, or this alert already sent.
   */
  async run(kind: AlertKind, payload: DeadlinePayload): Promise<boolean> {
    const emails: string[] = [];
    const sent = await this.em.fork().transactional(async (em) => {
      const db = em.getKysely<RequestsTables>();
      const request = await db
        .selectFrom('records_request')
        .select(['id', 'registration_number', 'status', 'decision_due', 'assignee_account_id'])
        .where('id', '=', payload.requestId)
        .forUpdate()
        .executeTakeFirst();
      if (
        !request ||
        !RUNNING.includes(request.status) ||
        request.decision_due !== payload.decisionDue ||
        // A reminder that comes too late (the service was down) is left to the escalation.
        (kind === 'reminder' && stockholmToday(new Date()) > payload.decisionDue)
      ) {
        return false;
      }
      const done = await db
        .selectFrom('records_request_event')
        .select(sql.lit(1).as('done'))
        .where('request_id', '=', payload.requestId)
        .where('kind', '=', EVENT[kind])
        .where((eb) => eb(eb.ref('details', '->>').key('decisionDue'), '=', payload.decisionDue))
        .executeTakeFirst();
      if (done) {
        return false;
      }
      const now = new Date();
      const recipients = await this.recipients(em, kind, request);
      for (const recipient of recipients) {
        await db
          .insertInto('staff_notification')
          .values({
            id: sql<string>`gen_random_uuid()`,
            account_id: recipient.accountId,
            request_id: payload.requestId,
            kind,
            created_at: now,
          })
          .onConflict((conflict) =>
            conflict.columns(['account_id', 'request_id', 'kind']).doUpdateSet({
              created_at: (eb) => eb.ref('excluded.created_at'),
              read_at: null,
            }),
          )
          .execute();
        if (recipient.email) {
          emails.push(
            await this.email.write(em, {
              to: recipient.email,
              kind,
              requestId: payload.requestId,
              context: {
                registrationNumber: request.registration_number,
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
      await db
        .insertInto('records_request_event')
        .values({
          request_id: payload.requestId,
          occurred_at: now,
          kind: EVENT[kind],
          details: sql<JsonObject>`${JSON.stringify(details)}::jsonb`,
        })
        .execute();
      await this.audit.record(em, {
        action: kind === 'reminder' ? 'records_request.reminded' : 'records_request.escalated',
        actor: { accountId: null, personId: null },
        targetType: 'records_request',
        targetId: payload.requestId,
        details: { registrationNumber: request.registration_number, ...details },
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
    request: { readonly assignee_account_id: string | null },
  ): Promise<{ accountId: string; email: string | null }[]> {
    let rows: { accountId: string; email: string | null }[] = [];
    if (kind === 'reminder' && request.assignee_account_id !== null) {
      rows = await this.staff.findAlertRecipients(em, { accountId: request.assignee_account_id });
    }
    const leads = this.config.requests.escalateTo;
    if (kind === 'escalation' && leads.length > 0) {
      rows = await this.staff.findAlertRecipients(em, { usernames: leads });
    }
    if (rows.length === 0) {
      rows = await this.staff.findAlertRecipients(em, {
        reviewersActiveOn: sql<string>`current_date`,
      });
    }
    return rows;
  }
}
