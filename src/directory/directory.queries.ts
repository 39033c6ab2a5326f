import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { jsonArrayFrom } from 'kysely/helpers/postgres';

import type { Actor, PupilFacts } from '../auth/actor';
import { isUuid } from '../common/uuid';
import type { DirectoryTables } from './directory.entities';
import { actorFacts, pupilFacts, toActorFacts, toPupilFacts } from './directory-joins';
import { anyUuid, today } from './directory.sql';
import type { DutyRole } from './directory.types';
import { hasProtectedIdentity } from './directory.types';

/** A person's name as the directory holds it. */
export interface PersonName {
  readonly givenName: string;
  readonly familyName: string;
}

export interface PupilSummary {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly classId: string | null;
  readonly className: string | null;
  readonly schoolUnitName: string | null;
  readonly schoolYear: number | null;
}

export interface PupilCard extends PupilSummary {
  readonly schoolForm: string | null;
  readonly hasProtectedIdentity: boolean;
  readonly guardians: readonly { readonly name: string; readonly hasProtectedIdentity: boolean }[];
}

/** A staff duty in force today. */
export interface ActiveDuty {
  readonly role: DutyRole;
  readonly schoolUnitId: string | null;
  readonly groupId: string | null;
  readonly pupilId: string | null;
  readonly subject: string | null;
}

/** What the directory knows of a signed-in person, for auth's `Actor`. */
export interface ActorFacts {
  readonly givenName: string;
  readonly familyName: string;
  readonly duties: readonly ActiveDuty[];
  /** The pupils the person has custody of. */
  readonly guardianOf: readonly string[];
  /** Enrolled today. */
  readonly isPupil: boolean;
}

/** Reads of the directory. Writes happen only in the importer (and accounts in auth). */
@Injectable()
export class DirectoryQueries {
  constructor(private readonly em: EntityManager) {}

  /** The person behind an account, with their duties, custody and enrolment today; null if gone. */
  async findActorFacts(personId: string): Promise<ActorFacts | null> {
    if (!isUuid(personId)) {
      return null;
    }
    // One statement: the duties and the custody as arrays (`actorFacts`, which auth joins to the
    // account at every signed-in request).
    const person = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom(actorFacts().as('f'))
      .selectAll('f')
      .where('f.id', '=', personId)
      .executeTakeFirst();
    return person ? toActorFacts(person) : null;
  }

  /**
   * The person with this civic number who may sign in with e-legitimation: a guardian, or (when
   * `allowPupils`) a pupil whose enrolment has not ended.
   */
  async findSignInPersonId(civicNo: string, allowPupils: boolean): Promise<string | null> {
    const row = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('person as p')
      .select('p.id')
      .where('p.civic_no', '=', civicNo)
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('guardianship as g')
              .select(eb.lit(1).as('one'))
              .whereRef('g.guardian_id', '=', 'p.id'),
          ),
          eb.and([
            eb.val(allowPupils),
            eb.exists(
              eb
                .selectFrom('enrolment as e')
                .select(eb.lit(1).as('one'))
                .whereRef('e.person_id', '=', 'p.id')
                .where((inner) =>
                  inner.or([inner('e.end_date', 'is', null), inner('e.end_date', '>=', today)]),
                ),
            ),
          ]),
        ]),
      )
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** Where a pupil belongs now; null when the person has never been a pupil here. */
  /** Whether the register has this person as the pupil's guardian now (custody can change). */
  async isGuardianOf(guardianId: string, pupilId: string, em?: EntityManager): Promise<boolean> {
    if (!isUuid(guardianId) || !isUuid(pupilId)) {
      return false;
    }
    const row = await (em ?? this.em.fork())
      .getKysely<DirectoryTables>()
      .selectFrom('guardianship')
      .select('pupil_id')
      .where('guardian_id', '=', guardianId)
      .where('pupil_id', '=', pupilId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * `em`: the caller's transaction, when it holds a lock. Taking a second
   * connection from the pool while holding a lock starves the pool when
   * others wait on that lock, each holding a connection of their own.
   */
  async findPupilFacts(pupilId: string, em?: EntityManager): Promise<PupilFacts | null> {
    if (!isUuid(pupilId)) {
      return null;
    }
    return (await this.findPupilFactsMany([pupilId], em)).get(pupilId) ?? null;
  }

  async findPupilFactsMany(
    pupilIds: readonly string[],
    transaction?: EntityManager,
  ): Promise<Map<string, PupilFacts>> {
    const ids = pupilIds.filter(isUuid);
    if (ids.length === 0) {
      return new Map();
    }
    // One statement (`pupilFacts`, which the plans join to the plan they read).
    const rows = await (transaction ?? this.em.fork())
      .getKysely<DirectoryTables>()
      .selectFrom(pupilFacts().as('f'))
      .selectAll('f')
      .where('f.id', '=', anyUuid(ids))
      .execute();
    return new Map(rows.map((row) => [row.id, toPupilFacts(row)]));
  }

  /**
   * The pupils a person works with or is responsible for: themself, their
   * children, mentees, pupils in the groups they teach, pupils of the units
   * they lead. Candidates only: callers still ask the policy for each.
   */
  async findRelatedPupilIds(actor: Actor): Promise<string[]> {
    const groupIds = [...actor.mentorGroupIds, ...actor.teacherAssignments.map((a) => a.groupId)];
    const direct = [...actor.guardianOf, ...actor.mentorPupilIds];
    if (actor.roles.has('pupil')) direct.push(actor.personId);
    const unitIds = [...actor.principalUnitIds];
    const rows = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('enrolment as e')
      .select('e.person_id')
      .distinct()
      .where('e.person_id', 'in', (eb) =>
        eb
          .selectFrom('person as p')
          .select('p.id as person_id')
          .where('p.id', '=', anyUuid(direct))
          .union(
            eb
              .selectFrom('group_membership as gm')
              .select('gm.person_id')
              .where('gm.group_id', '=', anyUuid(groupIds)),
          )
          .union(
            eb
              .selectFrom('enrolment as e2')
              .select('e2.person_id')
              .where('e2.school_unit_id', '=', anyUuid(unitIds))
              .where('e2.start_date', '<=', today)
              .where((inner) =>
                inner.or([inner('e2.end_date', 'is', null), inner('e2.end_date', '>=', today)]),
              ),
          ),
      )
      .execute();
    return rows.map((row) => row.person_id);
  }

  /**
   * The names the free-text guard needs for a pupil's plan: the pupil's own,
   * the other members of the pupil's groups in force (classes, teaching and
   * mentor groups), and the staff with a duty for those groups or the pupil
   * (the mentor, whose name is no classmate's).
   */
  async findGuardContext(
    pupilId: string,
    transaction?: EntityManager,
  ): Promise<{ pupil: PersonName | null; classmates: PersonName[]; staff: PersonName[] }> {
    if (!isUuid(pupilId)) {
      return { pupil: null, classmates: [], staff: [] };
    }
    const db = (transaction ?? this.em.fork()).getKysely<DirectoryTables>();
    const groups = db
      .selectFrom('group_membership as gm')
      .innerJoin('student_group as g', 'g.id', 'gm.group_id')
      .select('gm.group_id')
      .where('gm.person_id', '=', pupilId)
      .where((eb) => eb.or([eb('g.end_date', 'is', null), eb('g.end_date', '>=', today)]));
    // One statement, two lists. Unions, not `or`: with `p.id = $1 or p.id in (…)` PostgreSQL
    // reads every person (and every duty) to test the `or`, 0.2–0.5 s at 100,000 pupils; each
    // branch alone uses its index.
    const { people, staff } = await db
      .selectNoFrom([
        jsonArrayFrom(
          db
            .selectFrom('person as p')
            .select(['p.id', 'p.given_name', 'p.family_name'])
            .where('p.id', '=', pupilId)
            .union(
              db
                .selectFrom('group_membership as other')
                .innerJoin('person as p', 'p.id', 'other.person_id')
                .select(['p.id', 'p.given_name', 'p.family_name'])
                .where('other.group_id', 'in', groups),
            ),
        ).as('people'),
        jsonArrayFrom(
          db
            .selectFrom('staff_duty as d')
            .innerJoin('person as p', 'p.id', 'd.person_id')
            .select(['p.given_name', 'p.family_name'])
            .where('d.group_id', 'in', groups)
            .where((eb) => eb.or([eb('d.end_date', 'is', null), eb('d.end_date', '>=', today)]))
            .union(
              db
                .selectFrom('staff_duty as d')
                .innerJoin('person as p', 'p.id', 'd.person_id')
                .select(['p.given_name', 'p.family_name'])
                .where('d.pupil_id', '=', pupilId)
                .where((eb) =>
                  eb.or([eb('d.end_date', 'is', null), eb('d.end_date', '>=', today)]),
                ),
            ),
        ).as('staff'),
      ])
      .executeTakeFirstOrThrow();
    const nameOf = (row: { given_name: string; family_name: string }): PersonName => ({
      givenName: row.given_name,
      familyName: row.family_name,
    });
    const pupil = people.find((row) => row.id === pupilId);
    return {
      pupil: pupil ? nameOf(pupil) : null,
      classmates: people.filter((row) => row.id !== pupilId).map(nameOf),
      staff: staff.map(nameOf),
    };
  }

  async findSchoolUnits(ids: readonly string[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) {
      return [];
    }
    return this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('school_unit')
      .select(['id', 'name'])
      .where('id', '=', anyUuid(ids))
      .orderBy('name')
      .execute();
  }

  /**
   * Pupils' names, and whether each has protected identity (the caller then shows no name):
   * for lists of many records, such as what a disposal takes.
   */
  async findPupilNames(
    pupilIds: readonly string[],
  ): Promise<Map<string, { name: string; hasProtectedIdentity: boolean }>> {
    const ids = [...new Set(pupilIds)].filter(isUuid);
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'security_marking'])
      .where('id', '=', anyUuid(ids))
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          name: `${row.given_name} ${row.family_name}`,
          hasProtectedIdentity: hasProtectedIdentity(row.security_marking),
        },
      ]),
    );
  }

  /** Each pupil's guardians now (ids), for the talks' household rule; pupils without any are left out. */
  async findGuardianIds(
    pupilIds: readonly string[],
    em?: EntityManager,
  ): Promise<Map<string, string[]>> {
    const ids = pupilIds.filter(isUuid);
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await (em ?? this.em.fork())
      .getKysely<DirectoryTables>()
      .selectFrom('guardianship')
      .select(['pupil_id', 'guardian_id'])
      .where('pupil_id', '=', anyUuid(ids))
      .execute();
    const guardians = new Map<string, string[]>();
    for (const row of rows) {
      guardians.set(row.pupil_id, [...(guardians.get(row.pupil_id) ?? []), row.guardian_id]);
    }
    return guardians;
  }

  async findPupilSummaries(pupilIds: readonly string[]): Promise<PupilSummary[]> {
    if (pupilIds.length === 0) {
      return [];
    }
    const rows = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('person as p')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('group_membership as gm')
            .innerJoin('student_group as g', 'g.id', 'gm.group_id')
            .select(['g.id', 'g.name', 'g.school_year', 'g.school_unit_id'])
            .whereRef('gm.person_id', '=', 'p.id')
            .where('g.group_type', '=', 'Klass')
            .where((inner) =>
              inner.or([inner('g.end_date', 'is', null), inner('g.end_date', '>=', today)]),
            )
            .orderBy('g.school_year', (order) => order.desc().nullsLast())
            .limit(1)
            .as('cls'),
        (join) => join.onTrue(),
      )
      .leftJoin('school_unit as su', 'su.id', 'cls.school_unit_id')
      .select([
        'p.id',
        'p.given_name',
        'p.family_name',
        'cls.id as class_id',
        'cls.name as class_name',
        'cls.school_year',
        'su.name as school_unit_name',
      ])
      .where('p.id', '=', anyUuid(pupilIds))
      .execute();
    return rows
      .map((row) => ({
        id: row.id,
        givenName: row.given_name,
        familyName: row.family_name,
        classId: row.class_id,
        className: row.class_name,
        schoolUnitName: row.school_unit_name,
        schoolYear: row.school_year,
      }))
      .sort(
        (a, b) =>
          a.familyName.localeCompare(b.familyName, 'sv') ||
          a.givenName.localeCompare(b.givenName, 'sv'),
      );
  }

  async findPupilCard(pupilId: string): Promise<PupilCard | null> {
    const [summary] = await this.findPupilSummaries([pupilId]);
    if (!summary) {
      return null;
    }
    const db = this.em.fork().getKysely<DirectoryTables>();
    const [person, guardians, enrolment] = await Promise.all([
      db
        .selectFrom('person')
        .select('security_marking')
        .where('id', '=', pupilId)
        .executeTakeFirst(),
      db
        .selectFrom('guardianship as gs')
        .innerJoin('person as p', 'p.id', 'gs.guardian_id')
        .select(['p.given_name', 'p.family_name', 'p.security_marking'])
        .where('gs.pupil_id', '=', pupilId)
        .orderBy('p.family_name')
        .orderBy('p.given_name')
        .execute(),
      db
        .selectFrom('enrolment')
        .select('school_form')
        .where('person_id', '=', pupilId)
        .orderBy('start_date', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    return {
      ...summary,
      schoolForm: enrolment?.school_form ?? null,
      // A person deleted between the two reads counts as protected, as before.
      hasProtectedIdentity: person ? hasProtectedIdentity(person.security_marking) : true,
      guardians: guardians.map((row) => ({
        name: `${row.given_name} ${row.family_name}`,
        hasProtectedIdentity: hasProtectedIdentity(row.security_marking),
      })),
    };
  }

  /**
   * Whom an e-mail about a pupil can go to: the pupil's given name and the ids of the guardians
   * the register has now (ids only: one guardian is never named to another). Null when the
   * person is gone. `em`: the caller's transaction.
   */
  async findPupilAndGuardianIds(
    pupilId: string,
    em?: EntityManager,
  ): Promise<{ givenName: string; guardianIds: string[] } | null> {
    if (!isUuid(pupilId)) {
      return null;
    }
    const db = (em ?? this.em.fork()).getKysely<DirectoryTables>();
    const person = await db
      .selectFrom('person')
      .select('given_name')
      .where('id', '=', pupilId)
      .executeTakeFirst();
    if (!person) {
      return null;
    }
    const guardians = await db
      .selectFrom('guardianship')
      .select('guardian_id')
      .where('pupil_id', '=', pupilId)
      .orderBy('guardian_id')
      .execute();
    return { givenName: person.given_name, guardianIds: guardians.map((row) => row.guardian_id) };
  }
}
