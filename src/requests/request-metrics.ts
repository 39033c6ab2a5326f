import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { sql } from 'kysely';

import { Metrics } from '../common/metrics/metrics';
import { stockholmToday } from '../common/stockholm';
import type { RequestStatus } from './request-lifecycle';
import type { RequestsTables } from './requests.entities';

/** Open as the reviewer's queue counts them (and its partial index covers them). */
const OPEN: readonly RequestStatus[] = ['received', 'in_review', 'awaiting_clarification'];

/**
 * `iup_records_requests_overdue`: open requests whose decision date has
 * passed (Swedish date), as the reviewer's queue shows them with its
 * "overdue" filter; counted when scraped, off the open-queue index.
 */
@Injectable()
export class RequestMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly em: EntityManager,
  ) {}

  onModuleInit(): void {
    const count = () => this.countOverdue(new Date());
    this.metrics.gauge({
      name: 'iup_records_requests_overdue',
      help: 'Open requests for public records past their decision date',
      async collect() {
        this.set(await count());
      },
    });
  }

  async countOverdue(now: Date): Promise<number> {
    const row = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select(sql<string>`count(*)`.as('overdue'))
      .where(
        'status',
        'in',
        OPEN.map((status) => sql.lit(status)),
      )
      .where('decision_due', '<', stockholmToday(now))
      .executeTakeFirstOrThrow();
    return Number(row.overdue);
  }
}
