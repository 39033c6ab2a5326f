import type { EntityManager } from '@mikro-orm/postgresql';
import type { AliasableExpression } from 'kysely';

import type { RecordsTables } from './records.entities';

/** A pupil's disposal date as the module that knows when pupils leave school works it out. */
export interface PupilDisposalDate {
  readonly person_id: string;
  /** Null while the pupil is still enrolled. */
  readonly disposal_date: string | null;
}

/**
 * Recomputes every record's disposal date from `dates` (the directory's
 * `pupilDisposalDates`, as the enrolments are now: after an import changed an
 * end date, or a pupil came back), in one statement. A record whose pupil has
 * no date gets none. Only rows whose date changes are written. Returns how
 * many changed.
 */
export async function recomputeDisposalDates(
  em: EntityManager,
  dates: AliasableExpression<PupilDisposalDate>,
): Promise<number> {
  const row = await em
    .getKysely<RecordsTables>()
    .with('changed', (db) =>
      db
        .updateTable('public_record as r')
        // The left join needs a second copy of the table: an update's own target cannot be
        // left-joined.
        .from('public_record as r2')
        .leftJoin(dates.as('d'), 'd.person_id', 'r2.pupil_id')
        .set((s) => ({ disposal_date: s.ref('d.disposal_date') }))
        .whereRef('r.id', '=', 'r2.id')
        .where((w) => w('r.disposal_date', 'is distinct from', w.ref('d.disposal_date')))
        .returning('r.id'),
    )
    .selectFrom('changed')
    .select((s) => s.cast<number>(s.fn.countAll(), 'integer').as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}
