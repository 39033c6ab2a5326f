import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { expressionBuilder } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import type { RecordsTables } from './records.entities';

/** A condition on a record's id, from the module that knows it (a hold, a request naming it). */
export type RecordCondition = (recordId: Expression<string>) => Expression<SqlBool>;

export interface DueRecordRow {
  readonly registrationNumber: string;
  readonly disposalDate: string;
}

/** Where a disposal run is in the (disposal_date, id) order of due records. */
export interface DisposalKey {
  readonly id: string;
  readonly disposalDate: string;
}

export interface HeldRecordRow {
  readonly id: string;
  readonly registrationNumber: string;
  readonly disposalDate: string | null;
}

const eb = expressionBuilder<RecordsTables>();

/**
 * What retention needs from the registry: the records due for disposal (not
 * held, by the caller's condition), and their deletion. Set-based: a batch is
 * one statement whatever its size. The (disposal_date, id) index makes
 * finding a batch cost its size, not the number of records still due.
 */
@Injectable()
export class RecordDisposalQueries {
  /**
   * The next `limit` records due on `until`, in (disposal_date, id) order after `after` (the
   * last key of the run's batch before) when given, locked for the caller's transaction,
   * skipping any another transaction holds; of those, the ones not held (`locked`), and the
   * key to start the next batch after (`last`, null when none was due). Starting after the
   * last batch, a run reads each held record once, not once a batch.
   *
   * The candidates are a materialized CTE of at most `limit` rows and the holds are looked for
   * among them only: with the hold condition on the scan of every due record, PostgreSQL
   * hashed it instead, reading every request item of the schema once a batch (380 ms of
   * a 600 ms statement at 20,000 pupils; tens of seconds a batch at 1.1 M).
   */
  async lockDisposable(
    em: EntityManager,
    input: {
      readonly until: string;
      readonly limit: number;
      readonly isHeld: RecordCondition;
      readonly after?: DisposalKey | null;
    },
  ): Promise<{ locked: DisposalKey[]; last: DisposalKey | null }> {
    const after = input.after ?? null;
    const rows = await em
      .getKysely<RecordsTables>()
      .with(
        (cte) => cte('candidate').materialized(),
        (db) =>
          db
            .selectFrom('public_record as r')
            .select(['r.id', 'r.disposal_date'])
            .where('r.disposal_date', '<=', input.until)
            .$if(after !== null, (q) =>
              q.where((w) =>
                w(
                  w.refTuple('r.disposal_date', 'r.id'),
                  '>',
                  w.tuple(after?.disposalDate ?? '', after?.id ?? ''),
                ),
              ),
            )
            .orderBy('r.disposal_date')
            .orderBy('r.id')
            .limit(input.limit)
            .forUpdate('r')
            .skipLocked(),
      )
      .selectFrom('candidate as c')
      .select((s) => ['c.id', 'c.disposal_date', s.not(input.isHeld(s.ref('c.id'))).as('free')])
      .orderBy('c.disposal_date')
      .orderBy('c.id')
      .execute();
    const keys = rows.flatMap((row) =>
      row.disposal_date === null
        ? []
        : [{ id: row.id, disposalDate: row.disposal_date, free: row.free }],
    );
    const lastRow = keys.at(-1);
    return {
      locked: keys.filter((row) => row.free).map(({ id, disposalDate }) => ({ id, disposalDate })),
      last: lastRow ? { id: lastRow.id, disposalDate: lastRow.disposalDate } : null,
    };
  }

  /** Of the given records, those not held (looked for again in a statement, and snapshot, of its own). */
  async findNotHeld(
    em: EntityManager,
    recordIds: readonly string[],
    isHeld: RecordCondition,
  ): Promise<{ id: string; registrationNumber: string }[]> {
    if (recordIds.length === 0) {
      return [];
    }
    const rows = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record as r')
      .select(['r.id', 'r.registration_number'])
      .where('r.id', '=', eb.fn.any(eb.val([...recordIds])))
      .where((w) => w.not(isHeld(w.ref('r.id'))))
      .execute();
    return rows.map((row) => ({ id: row.id, registrationNumber: row.registration_number }));
  }

  /**
   * Deletes the records for real. What is registered as them goes with them
   * (plan versions, the archivist's lifted holds: on delete cascade); requests
   * naming them keep their items, without the record. Returns how many went.
   */
  async disposeRecords(em: EntityManager, recordIds: readonly string[]): Promise<number> {
    if (recordIds.length === 0) {
      return 0;
    }
    const result = await em
      .getKysely<RecordsTables>()
      .deleteFrom('public_record')
      .where('id', '=', eb.fn.any(eb.val([...recordIds])))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** How many records are due on `until` and not held. */
  async countDue(em: EntityManager, until: string, isHeld: RecordCondition): Promise<number> {
    const row = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record as r')
      .select((s) => s.cast<number>(s.fn.countAll(), 'integer').as('count'))
      .where('r.disposal_date', '<=', until)
      .where((w) => w.not(isHeld(w.ref('r.id'))))
      .executeTakeFirstOrThrow();
    return row.count;
  }

  /** The first `limit` records due on `until` and not held, by date and number. */
  async findDue(
    em: EntityManager,
    input: { readonly until: string; readonly limit: number; readonly isHeld: RecordCondition },
  ): Promise<DueRecordRow[]> {
    const rows = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record as r')
      .select(['r.registration_number', 'r.disposal_date'])
      .where('r.disposal_date', '<=', input.until)
      .where((w) => w.not(input.isHeld(w.ref('r.id'))))
      .orderBy('r.disposal_date')
      .orderBy('r.registration_number')
      .limit(input.limit)
      .execute();
    return rows.flatMap((row) =>
      row.disposal_date === null
        ? []
        : [{ registrationNumber: row.registration_number, disposalDate: row.disposal_date }],
    );
  }

  /**
   * The records a disposal on `until` would take, with whom and what each is (the pupil's id
   * and the record's title), for the archivist's confirmation: the first `limit`, as `findDue`.
   */
  async findDueDescribed(
    em: EntityManager,
    input: { readonly until: string; readonly limit: number; readonly isHeld: RecordCondition },
  ): Promise<(DueRecordRow & { readonly pupilId: string; readonly title: string })[]> {
    const rows = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record as r')
      .select(['r.registration_number', 'r.disposal_date', 'r.pupil_id', 'r.title'])
      .where('r.disposal_date', '<=', input.until)
      .where((w) => w.not(input.isHeld(w.ref('r.id'))))
      .orderBy('r.disposal_date')
      .orderBy('r.registration_number')
      .limit(input.limit)
      .execute();
    return rows.flatMap((row) =>
      row.disposal_date === null
        ? []
        : [
            {
              registrationNumber: row.registration_number,
              disposalDate: row.disposal_date,
              pupilId: row.pupil_id,
              title: row.title,
            },
          ],
    );
  }

  /**
   * Records due on `until` but held, and every record `isAlwaysShown` (the
   * archivist's holds, whatever the date): the first `limit`, by date (none
   * last) and number.
   */
  async findHeld(
    em: EntityManager,
    input: {
      readonly until: string;
      readonly limit: number;
      readonly isHeld: RecordCondition;
      readonly isAlwaysShown: RecordCondition;
    },
  ): Promise<HeldRecordRow[]> {
    const rows = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record as r')
      .select(['r.id', 'r.registration_number', 'r.disposal_date'])
      .where((w) =>
        w.or([
          w.and([w('r.disposal_date', '<=', input.until), input.isHeld(w.ref('r.id'))]),
          input.isAlwaysShown(w.ref('r.id')),
        ]),
      )
      .orderBy('r.disposal_date', (order) => order.asc().nullsLast())
      .orderBy('r.registration_number')
      .limit(input.limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      registrationNumber: row.registration_number,
      disposalDate: row.disposal_date,
    }));
  }

  /** The record with this registration number, locked for the caller's transaction. */
  async lockByRegistrationNumber(
    em: EntityManager,
    registrationNumber: string,
  ): Promise<{ id: string; pupilId: string } | undefined> {
    const row = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select(['id', 'pupil_id'])
      .where('registration_number', '=', registrationNumber)
      .forUpdate()
      .executeTakeFirst();
    return row && { id: row.id, pupilId: row.pupil_id };
  }

  /** Whose record it is and its number, for the audit entry of something done to it. */
  async findForAudit(
    em: EntityManager,
    recordId: string,
  ): Promise<{ pupilId: string; registrationNumber: string } | undefined> {
    const row = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select(['pupil_id', 'registration_number'])
      .where('id', '=', recordId)
      .executeTakeFirst();
    return row && { pupilId: row.pupil_id, registrationNumber: row.registration_number };
  }
}
