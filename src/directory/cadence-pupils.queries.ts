import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { isUuid } from '../common/uuid';
import type { DirectoryTables } from './directory.entities';
import { anyUuid } from './directory.sql';
import type { SchoolForm } from './directory.types';

/** A pupil enrolled in the unit on the day, with their class there (if any). */
export interface UnitPupil {
  readonly pupilId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly schoolForm: SchoolForm;
  readonly schoolYear: number | null;
  readonly classId: string | null;
  readonly className: string | null;
}

/** A mentor of a class on the day, with the address the directory import gave them (if any). */
export interface ClassMentor {
  readonly classId: string;
  readonly personId: string;
  readonly name: string;
  readonly email: string | null;
}

/**
 * The directory's answers for the principal's follow-up of the law's cadence: who is enrolled in
 * a unit on a day, in which school form and year and class, and who mentors each class. The day
 * is a parameter (a Swedish date), so the follow-up judges every table by the same day.
 */
@Injectable()
export class CadencePupilsQueries {
  constructor(private readonly em: EntityManager) {}

  /**
   * The unit's pupils on the day: one row per pupil, their enrolment in force there (the latest
   * started, should two overlap) and their class in the unit that day.
   */
  async findUnitPupils(schoolUnitId: string, day: string): Promise<UnitPupil[]> {
    if (!isUuid(schoolUnitId)) {
      return [];
    }
    const db = this.em.fork().getKysely<DirectoryTables>();
    const rows = await db
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .select([
        'p.id',
        'p.given_name',
        'p.family_name',
        'e.school_form',
        'e.school_year',
        'e.start_date',
      ])
      .where('e.school_unit_id', '=', schoolUnitId)
      .where('e.start_date', '<=', day)
      .where((eb) => eb.or([eb('e.end_date', 'is', null), eb('e.end_date', '>=', day)]))
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .orderBy('e.start_date', 'desc')
      .execute();
    const pupils = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      if (!pupils.has(row.id)) pupils.set(row.id, row);
    }
    const ids = [...pupils.keys()];
    const classes =
      ids.length === 0
        ? []
        : await db
            .selectFrom('group_membership as gm')
            .innerJoin('student_group as g', 'g.id', 'gm.group_id')
            .select(['gm.person_id', 'g.id', 'g.name'])
            .where('gm.person_id', '=', anyUuid(ids))
            .where('g.school_unit_id', '=', schoolUnitId)
            .where('g.group_type', '=', 'Klass')
            .where((eb) => eb.or([eb('g.start_date', 'is', null), eb('g.start_date', '<=', day)]))
            .where((eb) => eb.or([eb('g.end_date', 'is', null), eb('g.end_date', '>=', day)]))
            .orderBy('g.name')
            .execute();
    const classOf = new Map<string, { id: string; name: string }>();
    for (const row of classes) {
      if (!classOf.has(row.person_id)) classOf.set(row.person_id, { id: row.id, name: row.name });
    }
    return [...pupils.values()].map((row) => ({
      pupilId: row.id,
      givenName: row.given_name,
      familyName: row.family_name,
      schoolForm: row.school_form,
      schoolYear: row.school_year,
      classId: classOf.get(row.id)?.id ?? null,
      className: classOf.get(row.id)?.name ?? null,
    }));
  }

  /** The mentors of these classes whose duty is in force on the day. */
  async findClassMentors(classIds: readonly string[], day: string): Promise<ClassMentor[]> {
    const ids = classIds.filter(isUuid);
    if (ids.length === 0) {
      return [];
    }
    const rows = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('staff_duty as d')
      .innerJoin('person as p', 'p.id', 'd.person_id')
      .select(['d.group_id', 'p.id', 'p.given_name', 'p.family_name', 'p.imported_email'])
      .where('d.role', '=', 'mentor')
      .where('d.group_id', '=', anyUuid(ids))
      .where((eb) => eb.or([eb('d.start_date', 'is', null), eb('d.start_date', '<=', day)]))
      .where((eb) => eb.or([eb('d.end_date', 'is', null), eb('d.end_date', '>=', day)]))
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .execute();
    const seen = new Set<string>();
    return rows.flatMap((row) => {
      const key = `${row.group_id}:${row.id}`;
      if (!row.group_id || seen.has(key)) return [];
      seen.add(key);
      return [
        {
          classId: row.group_id,
          personId: row.id,
          name: `${row.given_name} ${row.family_name}`,
          email: row.imported_email || null,
        },
      ];
    });
  }

  /** The names of these classes, by id. */
  async findClassNames(classIds: readonly string[]): Promise<Map<string, string>> {
    const ids = classIds.filter(isUuid);
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('student_group')
      .select(['id', 'name'])
      .where('id', '=', anyUuid(ids))
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }
}
