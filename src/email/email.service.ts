import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { createTransport } from 'nodemailer';
import nunjucks from 'nunjucks';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QUEUE_ADD_WAIT_MS, within } from '../queue/within';
import type { EmailTables } from './email.entities';
import { EMAIL_QUEUE, EmailJob, SendEmailPayload, sendJobId } from './email.jobs';

export type EmailKind =
  | 'receipt'
  | 'clarification'
  | 'decision'
  | 'delivery'
  | 'part_delivery'
  | 'extension'
  | 'viewing'
  | 'reminder'
  | 'escalation'
  | 'first_action_reminder'
  | 'first_action_escalation'
  | 'forwarding_reminder'
  | 'forwarding_escalation'
  /** A register extract (GDPR art. 15) is ready: no content, only where to fetch it. */
  | 'register_extract_ready'
  /** To a guardian whose own contact details and photo are about to go (no request). */
  | 'contact_disposal_notice'
  /** A principal reminds a class's mentor of missing plans and talks: counts and a link only. */
  | 'cadence_reminder'
  /**
   * Opt-in notices to a pupil or guardian (src/notifications): that something happened to the
   * pupil's plan, with the child's first name and a link to log in, never the plan's content.
   */
  | 'notification_plan_ready'
  | 'notification_talk_booked'
  | 'notification_plan_established'
  | 'notification_comment_answered'
  /** The day before a booked development talk: day, time, place, the child's first name. */
  | 'talk_reminder';

/**
 * E-mail to requesters through an outbox: the message is written in the
 * transaction of what it tells about (so a decision is never without its
 * e-mail, nor an e-mail without its decision), sent by the queue with
 * retries, and its text wiped once sent (it may hold a receipt code or a
 * download link).
 */
@Injectable()
export class EmailService implements OnModuleDestroy {
  private readonly logger = new Logger(EmailService.name);
  private readonly templates: nunjucks.Environment;
  private transport: ReturnType<typeof createTransport> | undefined;

  constructor(
    private readonly em: EntityManager,
    @InjectQueue(EMAIL_QUEUE) private readonly queue: Queue<SendEmailPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.templates = new nunjucks.Environment(
      new nunjucks.FileSystemLoader(join(config.paths.templates, 'email')),
      { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true },
    );
  }

  /** Writes the e-mail into the outbox inside the caller's transaction; returns its id. */
  async write(
    em: EntityManager,
    email: {
      to: string;
      kind: EmailKind;
      /** The records request it tells about; null for mail about something else. */
      requestId: string | null;
      // Free-form: each kind's template (templates/email/<kind>.njk) names the fields it reads.
      context: Record<string, unknown>;
    },
  ): Promise<string> {
    const text = this.templates.render(`${email.kind}.njk`, {
      municipalityName: this.config.municipality.name,
      baseUrl: this.config.http.publicBaseUrl,
      ...email.context,
    });
    const [subjectLine = '', ...rest] = text.split('\n');
    const id = randomUUID();
    await em
      .getKysely<EmailTables>()
      .insertInto('email_outbox')
      .values({
        id,
        request_id: email.requestId,
        kind: email.kind,
        to_address: email.to,
        subject: subjectLine.replace(/^Ämne:\s*/, ''),
        body: rest.join('\n').trim(),
        created_at: new Date(),
        sent_at: null,
        last_error: null,
        send_started_at: null,
      })
      .execute();
    return id;
  }

  /**
   * Queues the sending of e-mails written and committed, waiting a few seconds at most for the
   * queue backend; a lost job is found by `sweep`.
   */
  async dispatch(ids: readonly string[]): Promise<void> {
    for (const emailId of ids) {
      try {
        await within(
          this.queue.add(
            EmailJob.Send,
            { emailId },
            {
              jobId: sendJobId(emailId),
              attempts: 10,
              backoff: { type: 'exponential', delay: 1000 },
              removeOnComplete: 1000,
            },
          ),
          QUEUE_ADD_WAIT_MS,
        );
      } catch (error) {
        this.logger.warn(
          { emailId, error: error instanceof Error ? error.message : String(error) },
          'Could not queue an e-mail; the sweeper will',
        );
      }
    }
  }

  /** Unsent e-mails older than a minute without a job get one again (not one whose send was cut off). */
  async sweep(): Promise<number> {
    const rows = await this.em
      .fork()
      .getKysely<EmailTables>()
      .selectFrom('email_outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .where('send_started_at', 'is', null)
      .where('created_at', '<', sql<string>`now() - interval '1 minute'`)
      .orderBy('created_at')
      .limit(500)
      .execute();
    for (const row of rows) {
      const job = await this.queue.getJob(sendJobId(row.id));
      if (!job) {
        await this.dispatch([row.id]);
      }
    }
    return rows.length;
  }

  /** Sends one e-mail; throws (so the queue retries) when the server does not take it. */
  async send(emailId: string): Promise<void> {
    const db = this.em.fork().getKysely<EmailTables>();
    const email = await db
      .selectFrom('email_outbox')
      .select(['to_address', 'subject', 'body', 'sent_at'])
      .where('id', '=', emailId)
      .executeTakeFirst();
    if (!email || email.sent_at !== null) {
      return;
    }
    if (!this.config.mail.smtpUrl) {
      this.logger.warn({ emailId }, 'SMTP_URL is not set: the e-mail stays in the outbox');
      return;
    }
    // Claimed before the hand-over: a worker killed while the server takes the message leaves
    // the claim, and the next attempt sees that the message may have arrived.
    const claimed = await db
      .updateTable('email_outbox')
      .set({ send_started_at: sql<Date>`now()` })
      .where('id', '=', emailId)
      .where('sent_at', 'is', null)
      .where('send_started_at', 'is', null)
      .returning('id')
      .execute();
    if (claimed.length === 0) {
      this.logger.error(
        { emailId },
        'An earlier send of this e-mail was cut off after it began; it may have arrived, so it is not sent again',
      );
      await db
        .updateTable('email_outbox')
        .set({
          last_error:
            'Sändningen avbröts; okänt om e-postmeddelandet kom fram, så det skickas inte igen.',
        })
        .where('id', '=', emailId)
        .where('sent_at', 'is', null)
        .execute();
      return;
    }
    this.transport ??= createTransport(this.config.mail.smtpUrl);
    try {
      await this.transport.sendMail({
        from: this.config.mail.from,
        to: email.to_address,
        subject: email.subject,
        text: email.body ?? '',
      });
    } catch (error) {
      // Refused or never reached: the message did not arrive, so the retry may send it.
      await db
        .updateTable('email_outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: error instanceof Error ? error.message.slice(0, 500) : 'okänt fel',
          send_started_at: null,
        }))
        .where('id', '=', emailId)
        .execute();
      throw error;
    }
    await db
      .updateTable('email_outbox')
      .set((eb) => ({
        sent_at: sql<Date>`now()`,
        attempts: eb('attempts', '+', 1),
        last_error: null,
        body: null,
      }))
      .where('id', '=', emailId)
      .execute();
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
