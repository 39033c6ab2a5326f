import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { RegisterExtractTables } from './register-extract.entities';

/**
 * A sent register extract is a copy of everything held about a person: once the person has
 * had the set days to fetch it, the nightly disposal deletes its files (and their links). The
 * request's dates stay (asked, due, produced, sent), so Sektor Lärande can show the month was
 * kept; the person may ask again.
 */
@Injectable()
export class RegisterExtractDisposalQueries {
  /** Deletes the files of at most `limit` extracts sent before `before`; how many. */
  async disposeSentFiles(em: EntityManager, before: Date, limit: number): Promise<number> {
    const db = em.getKysely<RegisterExtractTables>();
    const due = await db
      .selectFrom('register_extract')
      .select('id')
      .where('status', '=', 'sent')
      .where('sent_at', '<', before.toISOString())
      .where((eb) => eb.or([eb('pdf', 'is not', null), eb('json', 'is not', null)]))
      .orderBy('sent_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return 0;
    const ids = due.map((row) => row.id);
    await db.deleteFrom('register_extract_link').where('extract_id', 'in', ids).execute();
    await db
      .updateTable('register_extract')
      .set({ pdf: null, json: null })
      .where('id', 'in', ids)
      .execute();
    return ids.length;
  }
}
