import type { EntityManager } from '@mikro-orm/postgresql';
import { Global, Injectable, Module } from '@nestjs/common';
import { expressionBuilder } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import { ArchivistHolds } from '../requests/archivist-holds';
import type { RetentionTables } from './retention.entities';

/**
 * The archivist's holds as other modules may read them (retention owns `retention_hold`):
 * which of some records are held from disposal, and the same as a condition on a record's id.
 */
@Injectable()
export class RetentionHoldsQueries implements ArchivistHolds {
  /** The ids among `recordIds` with a hold not lifted. */
  async heldByArchivist(em: EntityManager, recordIds: readonly string[]): Promise<Set<string>> {
    if (recordIds.length === 0) return new Set();
    const rows = await em
      .getKysely<RetentionTables>()
      .selectFrom('retention_hold')
      .select('record_id')
      .where('record_id', 'in', recordIds)
      .where('lifted_at', 'is', null)
      .execute();
    return new Set(rows.map((row) => row.record_id));
  }

  /** A record is held by the archivist: a hold on it not lifted (for a query's `where`). */
  readonly isHeldByArchivist = (recordId: Expression<string>): Expression<SqlBool> => {
    const eb = expressionBuilder<RetentionTables>();
    return eb.exists(
      eb
        .selectFrom('retention_hold as h')
        .select(eb.lit(1).as('one'))
        .where('h.record_id', '=', recordId)
        .where('h.lifted_at', 'is', null),
    );
  };
}

/**
 * The holds' queries, also as requests' `ArchivistHolds` (global: requests sits below
 * retention and may not import it).
 */
@Global()
@Module({
  providers: [
    RetentionHoldsQueries,
    { provide: ArchivistHolds, useExisting: RetentionHoldsQueries },
  ],
  exports: [RetentionHoldsQueries, ArchivistHolds],
})
export class RetentionHoldsQueriesModule {}
