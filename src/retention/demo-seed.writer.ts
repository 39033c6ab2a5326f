import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { RetentionTables } from './retention.entities';

/**
 * Retention's part of the demo municipality (src/demo): a hold on a former
 * pupil's record, as the archivist would have placed it (without the audit
 * entry: the demo is data, not an archivist's action). In the caller's transaction.
 */
export class RetentionDemoSeedWriter {
  async insertHold(
    em: EntityManager,
    hold: {
      readonly recordId: string;
      readonly reason: string;
      readonly placedByAccountId: string | null;
    },
  ): Promise<void> {
    await em
      .getKysely<RetentionTables>()
      .insertInto('retention_hold')
      .values({
        id: randomUUID(),
        record_id: hold.recordId,
        reason: hold.reason,
        placed_at: sql<Date>`now()`,
        placed_by_account_id: hold.placedByAccountId,
        lifted_at: null,
        lifted_by_account_id: null,
        lift_reason: null,
      })
      .execute();
  }
}
