import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';

import { Metrics } from '../common/metrics/metrics';
import type { EmailTables } from './email.entities';

/**
 * `iup_email_outbox_messages{state}`: e-mails not yet sent, as `waiting`
 * (no failed attempt yet) and `failed` (the last attempt failed, or a send
 * was cut off); read when scraped, off the outbox's partial index of unsent
 * messages. A failed count that grows means SMTP refuses or is away.
 */
@Injectable()
export class EmailOutboxMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly em: EntityManager,
  ) {}

  onModuleInit(): void {
    const count = () => this.countUnsent();
    this.metrics.gauge({
      name: 'iup_email_outbox_messages',
      help: 'E-mails in the outbox not yet sent: waiting, or failed at the last attempt',
      labelNames: ['state'] as const,
      async collect() {
        const { waiting, failed } = await count();
        this.set({ state: 'waiting' }, waiting);
        this.set({ state: 'failed' }, failed);
      },
    });
  }

  async countUnsent(): Promise<{ waiting: number; failed: number }> {
    const row = await this.em
      .fork()
      .getKysely<EmailTables>()
      .selectFrom('email_outbox')
      .select([
        sql<string>`count(*) filter (where last_error is null)`.as('waiting'),
        sql<string>`count(*) filter (where last_error is not null)`.as('failed'),
      ])
      .where('sent_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { waiting: Number(row.waiting), failed: Number(row.failed) };
  }
}
