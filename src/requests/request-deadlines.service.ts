import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { StaffAccountsQueries } from '../auth/staff-accounts.queries';
import { stockholmToday } from '../common/stockholm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { JsonObject } from '../database/kysely';
import { EmailKind, EmailService } from '../email/email.service';
import {
  deadlineAlerts,
  firstActionAlerts,
  isOpenRequest,
  type RequestStatus,
} from './request-lifecycle';
import { RecordsRequest, RecordsRequestAppeal, type RequestsTables } from './requests.entities';
import { finishedJobsKept } from '../queue/job-retention';
import { REQUESTS_QUEUE } from '../queue/queue-names';
import {
  Clock,
  clockJobId,
  ClockPayload,
  DeadlinePayload,
  deadlineJobId,
  RequestsJob,
  RequestsPayload,
} from './requests.jobs';

export type AlertKind = 'reminder' | 'escalation';

/** Requests whose clock runs: waiting for the requester stops it, a decision ends it. */
const RUNNING: readonly RequestStatus[] = ['received', 'in_review'];

/** A delayed alert job: kept until done, retried, its failures kept for the operator. */
const ALERT_JOB: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: 1000,
  removeOnFail: false,
};

/** What one alert writes: the history's event, the staff notice, the e-mail and the audit entry. */
interface AlertSpec {
  readonly event: string;
  readonly notice: string;
  readonly email: EmailKind;
  readonly audit: string;
  /** Written with the event; the same `due` (and appeal) already there makes the alert moot. */
  readonly details: {
    readonly due: string;
    readonly appeal?: string;
    readonly decisionDue?: string;
  };
}

/** What an alert's e-mail template reads (besides the request's link). */
interface AlertContext {
  readonly registrationNumber: string;
  readonly decisionDue?: string;
  readonly due?: string;
  readonly appealReceivedOn?: string;
  readonly court?: string;
}

/** The events, notices, e-mails and audit actions of each clock's alerts. */
function alertSpec(clock: Clock | 'decision', kind: AlertKind): Omit<AlertSpec, 'details'> {
  if (clock === 'decision') {
    return kind === 'reminder'
      ? {
          event: 'reminder_sent',
          notice: 'reminder',
          email: 'reminder',
          audit: 'records_request.reminded',
        }
      : {
          event: 'escalated',
          notice: 'escalation',
          email: 'escalation',
          audit: 'records_request.escalated',
        };
  }
  return kind === 'reminder'
    ? {
        event: `${clock}_reminder_sent`,
        notice: `${clock}_reminder`,
        email: `${clock}_reminder`,
        audit: `records_request.${clock}_reminded`,
      }
    : {
        event: `${clock}_escalated`,
        notice: `${clock}_escalation`,
        email: `${clock}_escalation`,
        audit: `records_request.${clock}_escalated`,
      };
}

/**
 * "Skyndsamt" kept, on three clocks: the decision (a reminder to the
 * assignee on the morning it is due, an escalation to the team lead the
 * first working morning after), the same-day first action (reminded in the
 * afternoon if nobody has acted, escalated the next morning), and an
 * appeal's forwarding to the court without delay (FL 46 §; reminded on its
 * day, escalated the next). All are delayed jobs on the requests queue, so
 * they are kept in PostgreSQL (or Redis) and survive restarts; each is named
 * by its subject and due day, so a moved day schedules new ones and the old
 * ones find themselves moot. Running one twice changes nothing.
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
   * Schedules the alerts for the request's current decision date, and for
   * its first action while nobody has acted, once committed. If the queue is
   * down the sweep schedules them later.
   */
  async schedule(requestId: string): Promise<void> {
    const em = this.em.fork();
    const db = em.getKysely<RequestsTables>();
    const row = await db
      .selectFrom('records_request')
      .select(['decision_due', 'status', 'first_action_due', 'first_action_at', 'received_at'])
      .where('id', '=', requestId)
      .executeTakeFirst();
    if (!row || row.decision_due === null) {
      return;
    }
    const decisionDue = row.decision_due;
    if (await this.queueAlerts(requestId, { ...row, decision_due: decisionDue })) {
      await em.nativeUpdate(RecordsRequest, { id: requestId }, { alertsScheduledFor: decisionDue });
    }
  }

  /**
   * Queues the alerts of a request as `row` has it (read by the caller), in one call to the
   * queue. True when they are queued: the caller notes `decision_due` as scheduled for (the
   * first steps do that in their own statement). False when the request's clock does not run,
   * or the queue failed (then the sweep schedules them later).
   */
  async queueAlerts(
    requestId: string,
    row: {
      readonly decision_due: string;
      readonly status: RequestStatus;
      readonly first_action_due: string | null;
      readonly first_action_at: Date | string | null;
      readonly received_at: Date | string;
    },
  ): Promise<boolean> {
    if (!RUNNING.includes(row.status)) {
      return false;
    }
    const decisionDue = row.decision_due;
    const hour = this.config.requests.reminderHour;
    const alerts = deadlineAlerts(decisionDue, hour);
    const now = Date.now();
    const delay = (at: Date) => Math.max(0, at.getTime() - now);
    const jobs: Parameters<Queue<RequestsPayload>['addBulk']>[0] = (
      [
        ['reminder', alerts.reminderAt, RequestsJob.Reminder],
        ['escalation', alerts.escalationAt, RequestsJob.Escalation],
      ] as const
    ).map(([kind, at, name]) => ({
      name,
      data: { requestId, decisionDue },
      opts: {
        ...this.alertJob(),
        jobId: deadlineJobId(kind, requestId, decisionDue),
        delay: delay(at),
      },
    }));
    if (row.first_action_at === null && row.first_action_due !== null) {
      const payload: ClockPayload = {
        clock: 'first_action',
        requestId,
        appealId: null,
        due: row.first_action_due,
      };
      const first = firstActionAlerts(row.first_action_due, new Date(row.received_at), {
        reminderHour: this.config.requests.firstActionReminderHour,
        escalationHour: hour,
      });
      jobs.push(...this.clockJobs(payload, first.reminderAt, first.escalationAt, now));
    }
    try {
      // All in one call: one round trip to the queue backend.
      await this.queue.addBulk(jobs);
      return true;
    } catch (error) {
      this.logger.warn(
        { requestId, error: error instanceof Error ? error.message : String(error) },
        'Could not schedule the deadline alerts; the sweeper will',
      );
      return false;
    }
  }

  /**
   * Schedules the reminder and the escalation for an appeal's forwarding to
   * the court, once committed (the sweep catches up if the queue is down).
   */
  async scheduleForwarding(appealId: string): Promise<void> {
    const em = this.em.fork();
    const appeal = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_appeal')
      .select(['request_id', 'forward_due'])
      .where('id', '=', appealId)
      .where('forwarded_on', 'is', null)
      .where('court_outcome', 'is', null)
      .executeTakeFirst();
    if (!appeal || appeal.forward_due === null) {
      return;
    }
    const due = appeal.forward_due;
    const alerts = deadlineAlerts(due, this.config.requests.reminderHour);
    const payload: ClockPayload = {
      clock: 'forwarding',
      requestId: appeal.request_id,
      appealId,
      due,
    };
    try {
      await this.queue.addBulk(
        this.clockJobs(payload, alerts.reminderAt, alerts.escalationAt, Date.now()),
      );
      await em.nativeUpdate(RecordsRequestAppeal, { id: appealId }, { alertsScheduledFor: due });
    } catch (error) {
      this.logger.warn(
        { appealId, error: error instanceof Error ? error.message : String(error) },
        'Could not schedule the forwarding alerts; the sweeper will',
      );
    }
  }

  /** ALERT_JOB, its completed jobs kept as the queue backend can (`finishedJobsKept`). */
  private alertJob(): JobsOptions {
    return { ...ALERT_JOB, removeOnComplete: finishedJobsKept(this.config, 1000) };
  }

  private clockJobs(
    payload: ClockPayload,
    reminderAt: Date | null,
    escalationAt: Date,
    now: number,
  ) {
    return (
      [
        ['reminder', reminderAt, RequestsJob.ClockReminder],
        ['escalation', escalationAt, RequestsJob.ClockEscalation],
      ] as const
    ).flatMap(([kind, at, name]) =>
      at === null
        ? []
        : [
            {
              name,
              data: payload,
              opts: {
                ...this.alertJob(),
                jobId: clockJobId(kind, payload),
                delay: Math.max(0, at.getTime() - now),
              },
            },
          ],
    );
  }

  /** Running requests and waiting appeals whose alerts are not scheduled for their current day. */
  async sweep(): Promise<number> {
    const db = this.em.fork().getKysely<RequestsTables>();
    const [requests, appeals] = await Promise.all([
      db
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
        .execute(),
      db
        .selectFrom('records_request_appeal')
        .select('id')
        .where('forwarded_on', 'is', null)
        .where('court_outcome', 'is', null)
        .where('forward_due', 'is not', null)
        .whereRef('alerts_scheduled_for', 'is distinct from', 'forward_due')
        .orderBy('forward_due')
        .limit(500)
        .execute(),
    ]);
    for (const row of requests) {
      await this.schedule(row.id);
    }
    for (const row of appeals) {
      await this.scheduleForwarding(row.id);
    }
    return requests.length + appeals.length;
  }

  /**
   * Sends one alert of the decision date: staff notifications (and e-mail
   * where the directory has an address), an event in the request's history
   * and an audit entry. Returns false when it was moot: the request decided,
   * waiting for the requester, its date moved, or this alert already sent.
   */
  async run(kind: AlertKind, payload: DeadlinePayload): Promise<boolean> {
    return this.alert(kind, payload.requestId, async (db, request) => {
      const row = await db
        .selectFrom('records_request')
        .select(['status', 'decision_due'])
        .where('id', '=', payload.requestId)
        .executeTakeFirstOrThrow();
      if (
        !RUNNING.includes(row.status) ||
        row.decision_due !== payload.decisionDue ||
        // A reminder that comes too late (the service was down) is left to the escalation.
        (kind === 'reminder' && stockholmToday(new Date()) > payload.decisionDue)
      ) {
        return null;
      }
      return {
        ...alertSpec('decision', kind),
        // `decisionDue` as the history has always written it; `due` for the common check.
        details: { due: payload.decisionDue, decisionDue: payload.decisionDue },
        context: {
          decisionDue: payload.decisionDue,
          registrationNumber: request.registrationNumber,
        },
      };
    });
  }

  /**
   * Sends one alert of the first action or an appeal's forwarding, as `run`
   * does; moot when the step is done (someone acted, the appeal forwarded or
   * ended), the request closed, the day moved, or it was sent already.
   */
  async runClock(kind: AlertKind, payload: ClockPayload): Promise<boolean> {
    return this.alert(kind, payload.requestId, async (db, request) => {
      if (payload.clock === 'first_action') {
        const row = await db
          .selectFrom('records_request')
          .select(['status', 'first_action_due', 'first_action_at'])
          .where('id', '=', payload.requestId)
          .executeTakeFirstOrThrow();
        if (
          !isOpenRequest(row.status) ||
          row.first_action_at !== null ||
          row.first_action_due !== payload.due ||
          (kind === 'reminder' && stockholmToday(new Date()) > payload.due)
        ) {
          return null;
        }
        return {
          ...alertSpec('first_action', kind),
          details: { due: payload.due },
          context: { due: payload.due, registrationNumber: request.registrationNumber },
        };
      }
      const appeal =
        payload.appealId === null
          ? undefined
          : await db
              .selectFrom('records_request_appeal')
              .select(['forward_due', 'received_on'])
              .where('id', '=', payload.appealId)
              .where('request_id', '=', payload.requestId)
              .where('forwarded_on', 'is', null)
              .where('court_outcome', 'is', null)
              .executeTakeFirst();
      if (
        !appeal ||
        payload.appealId === null ||
        appeal.forward_due !== payload.due ||
        request.status === 'withdrawn'
      ) {
        return null;
      }
      return {
        ...alertSpec('forwarding', kind),
        details: { due: payload.due, appeal: payload.appealId },
        context: {
          due: payload.due,
          appealReceivedOn: appeal.received_on,
          court: this.config.requests.appealCourt,
          registrationNumber: request.registrationNumber,
        },
      };
    });
  }

  /**
   * One alert in one transaction, with the request locked: `check` says what
   * to write, or null when it is moot; an alert already in the history (the
   * same event for the same day and appeal) is not sent again.
   */
  private async alert(
    kind: AlertKind,
    requestId: string,
    check: (
      db: ReturnType<typeof kyselyOf>,
      request: { readonly registrationNumber: string; readonly status: RequestStatus },
    ) => Promise<(AlertSpec & { readonly context: AlertContext }) | null>,
  ): Promise<boolean> {
    const emails: string[] = [];
    const sent = await this.em.fork().transactional(async (em) => {
      const db = kyselyOf(em);
      const request = await db
        .selectFrom('records_request')
        .select(['id', 'registration_number', 'status', 'assignee_account_id'])
        .where('id', '=', requestId)
        .forUpdate()
        .executeTakeFirst();
      if (!request) {
        return false;
      }
      const spec = await check(db, {
        registrationNumber: request.registration_number,
        status: request.status,
      });
      if (spec === null) {
        return false;
      }
      const done = await db
        .selectFrom('records_request_event')
        .select(sql.lit(1).as('done'))
        .where('request_id', '=', requestId)
        .where('kind', '=', spec.event)
        .where((eb) =>
          eb.and([
            eb(
              eb.fn.coalesce(
                eb.ref('details', '->>').key('due'),
                eb.ref('details', '->>').key('decisionDue'),
              ),
              '=',
              spec.details.due,
            ),
            ...(spec.details.appeal === undefined
              ? []
              : [eb(eb.ref('details', '->>').key('appeal'), '=', spec.details.appeal)]),
          ]),
        )
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
            request_id: requestId,
            kind: spec.notice,
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
              kind: spec.email,
              requestId,
              context: {
                ...spec.context,
                requestUrl: `${this.config.http.publicBaseUrl.replace(/\/$/, '')}/handlaggning/begaran/${requestId}`,
              },
            }),
          );
        }
      }
      const details = {
        ...spec.details,
        notified: recipients.length,
        assigned: request.assignee_account_id ? 1 : 0,
      };
      await db
        .insertInto('records_request_event')
        .values({
          request_id: requestId,
          occurred_at: now,
          kind: spec.event,
          details: sql<JsonObject>`${JSON.stringify(details)}::jsonb`,
        })
        .execute();
      await this.audit.record(em, {
        action: spec.audit,
        actor: { accountId: null, personId: null },
        targetType: 'records_request',
        targetId: requestId,
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

function kyselyOf(em: EntityManager) {
  return em.getKysely<RequestsTables>();
}
