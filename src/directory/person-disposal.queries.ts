import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { expressionBuilder, sql } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import type { DirectoryTables } from './directory.entities';
import { pupilDisposalDates } from './school-leaving.queries';

/** A condition on a person's id, from the module that knows it (their plans, a request naming them). */
export type PersonCondition = (personId: Expression<string>) => Expression<SqlBool>;

/** What went of the directory when people were disposed of, by kind (counts only). */
export interface PersonRowsDisposed {
  readonly persons: number;
  readonly enrolments: number;
  readonly guardianships: number;
  readonly groupMemberships: number;
}

const eb = expressionBuilder<DirectoryTables>();
const ids = (values: readonly string[]) => eb.fn.any(eb.val([...values]));

/** Enrolled on `today`: an enrolment begun and not ended (an end date later than today counts as enrolled). */
export function isEnrolledOn(personId: Expression<string>, today: string): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('enrolment as e')
      .select(eb.lit(1).as('one'))
      .where('e.person_id', '=', personId)
      .where((w) => w.or([w('e.end_date', 'is', null), w('e.end_date', '>=', today)])),
  );
}

/** A duty that has begun and not ended on `today` (a duty ends through its end date). */
export function hasDutyOn(personId: Expression<string>, today: string): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('staff_duty as d')
      .select(eb.lit(1).as('one'))
      .where('d.person_id', '=', personId)
      .where((w) => w.or([w('d.start_date', 'is', null), w('d.start_date', '<=', today)]))
      .where((w) => w.or([w('d.end_date', 'is', null), w('d.end_date', '>=', today)])),
  );
}

/** A guardian of anyone (whoever the child is, enrolled or not). */
export function isGuardian(personId: Expression<string>): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('guardianship as g')
      .select(eb.lit(1).as('one'))
      .where('g.guardian_id', '=', personId),
  );
}

/**
 * No role left on `today`: no enrolment at all (a former pupil is kept by their enrolments
 * until their own disposal), no child, no current duty.
 */
export function hasNoRoleOn(personId: Expression<string>, today: string): Expression<SqlBool> {
  return eb.and([
    eb.not(
      eb.exists(
        eb
          .selectFrom('enrolment as e')
          .select(eb.lit(1).as('one'))
          .where('e.person_id', '=', personId),
      ),
    ),
    eb.not(isGuardian(personId)),
    eb.not(hasDutyOn(personId, today)),
  ]);
}

/**
 * Since when a guardian has had no child enrolled, `(guardian_id, since)`: the day their last
 * child left; null while a child is enrolled (or will be until a later end date). Children
 * without any enrolment do not count either way.
 */
export function guardiansWithoutEnrolledChild(today: string) {
  return eb
    .selectFrom('guardianship as g')
    .innerJoin('enrolment as e', 'e.person_id', 'g.pupil_id')
    .select((s) => [
      'g.guardian_id',
      s
        .case()
        .when(
          s.fn.agg<boolean>('bool_or', [
            s.or([s('e.end_date', 'is', null), s('e.end_date', '>=', today)]),
          ]),
        )
        .then(s.lit(null))
        .else(s.fn.max('e.end_date'))
        .end()
        .as('since'),
    ])
    .groupBy('g.guardian_id');
}

/**
 * What the nightly disposal needs from the directory about people: the former pupils whose
 * time has come, people left without any role, and their deletion. A person's rows hang on
 * the person (enrolments, guardianships, group memberships, duties, account, own contact
 * details: on delete cascade), so deleting the person deletes them. Set-based: one statement
 * a step, whatever the batch's size.
 */
@Injectable()
export class PersonDisposalQueries {
  /**
   * Up to `limit` former pupils due on `today` (`yearsAfterLeaving` after their last
   * enrolment ended), not kept by the caller's condition (their plans, records or an open
   * request), locked, skipping those another transaction holds.
   */
  async lockDueFormerPupils(
    em: EntityManager,
    input: {
      readonly today: string;
      readonly yearsAfterLeaving: number;
      readonly limit: number;
      readonly isKept: PersonCondition;
    },
  ): Promise<string[]> {
    const rows = await em
      .getKysely<DirectoryTables>()
      .selectFrom('person as p')
      .innerJoin(pupilDisposalDates(input.yearsAfterLeaving).as('d'), 'd.person_id', 'p.id')
      .select('p.id')
      .where('d.disposal_date', '<=', input.today)
      .where((w) => w.not(input.isKept(w.ref('p.id'))))
      .orderBy('p.id')
      .limit(input.limit)
      .forUpdate('p')
      .skipLocked()
      .execute();
    return rows.map((row) => row.id);
  }

  /** The guardians of these pupils (before the pupils go, which takes the guardianships). */
  async findGuardiansOf(em: EntityManager, pupilIds: readonly string[]): Promise<string[]> {
    if (pupilIds.length === 0) return [];
    const rows = await em
      .getKysely<DirectoryTables>()
      .selectFrom('guardianship')
      .select('guardian_id')
      .distinct()
      .where('pupil_id', '=', ids(pupilIds))
      .execute();
    return rows.map((row) => row.guardian_id);
  }

  /**
   * Of these people, those with another role on `today` than having been a pupil: a child of
   * their own or a current duty. They keep their person row and account; only what made them
   * a pupil goes (`disposePupilRows`).
   */
  async findWithOtherRole(
    em: EntityManager,
    personIds: readonly string[],
    today: string,
  ): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows = await em
      .getKysely<DirectoryTables>()
      .selectFrom('person as p')
      .select('p.id')
      .where('p.id', '=', ids(personIds))
      .where((w) => w.or([isGuardian(w.ref('p.id')), hasDutyOn(w.ref('p.id'), today)]))
      .execute();
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Of these people, those with no role left on `today` (see `hasNoRoleOn`) and not kept by
   * the caller's condition, locked; with `createdBeforeToday`, only people created before
   * `today` (a sweep of everyone never races an import writing a person and their links in
   * parts).
   */
  async lockWithoutRole(
    em: EntityManager,
    input: {
      readonly today: string;
      readonly limit: number;
      readonly isKept: PersonCondition;
      /** Only among these; all people when absent. */
      readonly among?: readonly string[];
      /** Only people the caller's condition picks (an account of theirs). */
      readonly where?: PersonCondition;
      readonly createdBeforeToday?: boolean;
    },
  ): Promise<string[]> {
    if (input.among && input.among.length === 0) return [];
    let query = em
      .getKysely<DirectoryTables>()
      .selectFrom('person as p')
      .select('p.id')
      .where((w) => hasNoRoleOn(w.ref('p.id'), input.today))
      .where((w) => w.not(input.isKept(w.ref('p.id'))));
    if (input.createdBeforeToday) {
      // Raw SQL: the Swedish day's start, as a timestamptz, for the comparison with created_at.
      query = query.where(
        sql<boolean>`p.created_at < (${input.today}::date)::timestamp at time zone 'Europe/Stockholm'`,
      );
    }
    if (input.among) query = query.where('p.id', '=', ids(input.among));
    if (input.where) {
      const where = input.where;
      query = query.where((w) => where(w.ref('p.id')));
    }
    const rows = await query
      .orderBy('p.id')
      .limit(input.limit)
      .forUpdate('p')
      .skipLocked()
      .execute();
    return rows.map((row) => row.id);
  }

  /** Deletes the people; their enrolments, guardianships and memberships go with them (counted). */
  async disposePersons(
    em: EntityManager,
    personIds: readonly string[],
  ): Promise<PersonRowsDisposed> {
    if (personIds.length === 0) {
      return { persons: 0, enrolments: 0, guardianships: 0, groupMemberships: 0 };
    }
    const counted = await this.countRows(em, personIds);
    const result = await em
      .getKysely<DirectoryTables>()
      .deleteFrom('person')
      .where('id', '=', ids(personIds))
      .executeTakeFirst();
    return { ...counted, persons: Number(result.numDeletedRows) };
  }

  /**
   * Deletes what made these people pupils (enrolments, their own guardians' guardianships,
   * group memberships), keeping the person: they have another role.
   */
  async disposePupilRows(
    em: EntityManager,
    personIds: readonly string[],
  ): Promise<Omit<PersonRowsDisposed, 'persons'>> {
    if (personIds.length === 0) return { enrolments: 0, guardianships: 0, groupMemberships: 0 };
    const db = em.getKysely<DirectoryTables>();
    const enrolments = await db
      .deleteFrom('enrolment')
      .where('person_id', '=', ids(personIds))
      .executeTakeFirst();
    const guardianships = await db
      .deleteFrom('guardianship')
      .where('pupil_id', '=', ids(personIds))
      .executeTakeFirst();
    const memberships = await db
      .deleteFrom('group_membership')
      .where('person_id', '=', ids(personIds))
      .executeTakeFirst();
    return {
      enrolments: Number(enrolments.numDeletedRows),
      guardianships: Number(guardianships.numDeletedRows),
      groupMemberships: Number(memberships.numDeletedRows),
    };
  }

  private async countRows(
    em: EntityManager,
    personIds: readonly string[],
  ): Promise<Omit<PersonRowsDisposed, 'persons'>> {
    const row = await em
      .getKysely<DirectoryTables>()
      .selectNoFrom((s) => [
        s
          .selectFrom('enrolment')
          .select((c) => c.cast<number>(c.fn.countAll(), 'integer').as('n'))
          .where('person_id', '=', ids(personIds))
          .as('enrolments'),
        s
          .selectFrom('guardianship')
          .select((c) => c.cast<number>(c.fn.countAll(), 'integer').as('n'))
          .where((w) =>
            w.or([w('pupil_id', '=', ids(personIds)), w('guardian_id', '=', ids(personIds))]),
          )
          .as('guardianships'),
        s
          .selectFrom('group_membership')
          .select((c) => c.cast<number>(c.fn.countAll(), 'integer').as('n'))
          .where('person_id', '=', ids(personIds))
          .as('group_memberships'),
      ])
      .executeTakeFirstOrThrow();
    return {
      enrolments: row.enrolments ?? 0,
      guardianships: row.guardianships ?? 0,
      groupMemberships: row.group_memberships ?? 0,
    };
  }
}
