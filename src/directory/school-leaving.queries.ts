import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { expressionBuilder, sql } from 'kysely';

import type { DirectoryTables } from './directory.entities';

/*
 * When a pupil left compulsory school, and so when their records are due for disposal
 * (DOMAIN.md, "Retention"), read from the directory's enrolments: the one SQL form of the
 * rule, for other modules to read or join (`innerJoin(pupilDisposalDates(3).as('d'), …)`).
 * Its TypeScript twin is records' `disposalDate`; the retention-rules integration test holds
 * the two to the same cases.
 */

/**
 * Each pupil's day of leaving, `(person_id, left_on)`: the latest end of their enrolments,
 * or null while any enrolment is open (still enrolled, or came back).
 */
export function pupilLeavingDates() {
  return expressionBuilder<DirectoryTables>()
    .selectFrom('enrolment as e')
    .select((s) => [
      'e.person_id',
      s
        .case()
        .when(s.fn.agg<boolean>('bool_or', [s('e.end_date', 'is', null)]))
        .then(s.lit(null))
        .else(s.fn.max('e.end_date'))
        .end()
        .as('left_on'),
    ])
    .groupBy('e.person_id');
}

/**
 * Each pupil's disposal date, `(person_id, disposal_date)`: `yearsAfterLeaving` years after
 * they left, null while still enrolled. PostgreSQL's date + interval moves 29 February to the
 * 28th, as `disposalDate` does.
 */
export function pupilDisposalDates(yearsAfterLeaving: number) {
  return expressionBuilder<DirectoryTables>()
    .selectFrom(pupilLeavingDates().as('l'))
    .select((s) => [
      'l.person_id',
      // date + interval, back to a date: Kysely builds neither.
      sql<
        string | null
      >`(${s.ref('l.left_on')} + make_interval(years => ${yearsAfterLeaving}))::date`.as(
        'disposal_date',
      ),
    ]);
}

/** What other modules ask the directory about pupils leaving school. */
@Injectable()
export class SchoolLeavingQueries {
  /** The day the pupil left compulsory school; null while enrolled (or never enrolled). */
  async findLeavingDate(em: EntityManager, pupilId: string): Promise<string | null> {
    const row = await em
      .getKysely<DirectoryTables>()
      .selectFrom(pupilLeavingDates().as('l'))
      .select('l.left_on')
      .where('l.person_id', '=', pupilId)
      .executeTakeFirst();
    return row?.left_on ?? null;
  }
}
