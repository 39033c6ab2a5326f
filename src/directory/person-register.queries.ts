import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { isUuid } from '../common/uuid';
import type { DirectoryTables } from './directory.entities';
import type { DutyRole, GroupType, SchoolForm, SecurityMarking } from './directory.types';
import { normaliseCivicNumber } from './import/civic-number';

/** A person found by name or personal identity number, for Sektor Lärande's register extract. */
export interface PersonFound {
  readonly id: string;
  readonly name: string;
  readonly civicNo: string;
  /** Pupil (enrolled at some time), guardian, staff: what the person is in the register. */
  readonly kinds: readonly ('pupil' | 'guardian' | 'staff')[];
}

/** Everything the directory holds about one person, as imported. */
export interface PersonRegister {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly civicNo: string;
  readonly securityMarking: SecurityMarking;
  readonly importedEmail: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly enrolments: readonly {
    readonly schoolUnit: string;
    readonly schoolForm: SchoolForm;
    readonly schoolYear: number | null;
    readonly startDate: string;
    readonly endDate: string | null;
  }[];
  readonly groups: readonly {
    readonly name: string;
    readonly groupType: GroupType;
    readonly schoolUnit: string;
    readonly schoolYear: number | null;
    readonly startDate: string | null;
    readonly endDate: string | null;
  }[];
  /** The children this person has custody of. */
  readonly children: readonly { readonly id: string; readonly name: string }[];
  /** The guardians of this person (as a pupil). */
  readonly guardians: readonly { readonly id: string; readonly name: string }[];
  readonly duties: readonly {
    readonly role: DutyRole;
    readonly schoolUnit: string | null;
    readonly group: string | null;
    readonly subject: string | null;
    readonly startDate: string | null;
    readonly endDate: string | null;
  }[];
}

const FULL_NAME = sql<string>`lower(p.given_name || ' ' || p.family_name)`;
const SEARCH_LIMIT = 25;

/** What is stored about a person in the imported register, for a register extract (GDPR art. 15). */
@Injectable()
export class PersonRegisterQueries {
  constructor(private readonly em: EntityManager) {}

  /**
   * Persons whose personal identity number is the one typed (any usual written form), or
   * whose name holds every word typed. At most 25, by name.
   */
  async searchPersons(term: string): Promise<PersonFound[]> {
    const words = term.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
    if (words.length === 0) {
      return [];
    }
    const civic = normaliseCivicNumber(term);
    let query = this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('person as p')
      .select((eb) => [
        'p.id',
        'p.given_name',
        'p.family_name',
        'p.civic_no',
        eb
          .exists(
            eb.selectFrom('enrolment as e').select('e.id').whereRef('e.person_id', '=', 'p.id'),
          )
          .$castTo<boolean>()
          .as('is_pupil'),
        eb
          .exists(
            eb
              .selectFrom('guardianship as g')
              .select('g.pupil_id')
              .whereRef('g.guardian_id', '=', 'p.id'),
          )
          .$castTo<boolean>()
          .as('is_guardian'),
        eb
          .exists(
            eb.selectFrom('staff_duty as d').select('d.id').whereRef('d.person_id', '=', 'p.id'),
          )
          .$castTo<boolean>()
          .as('is_staff'),
      ]);
    if (civic.ok) {
      query = query.where('p.civic_no', '=', civic.civicNo);
    } else {
      for (const word of words) {
        query = query.where(FULL_NAME, 'like', `%${word.replace(/[\\%_]/g, '\\$&')}%`);
      }
    }
    const rows = await query
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .limit(SEARCH_LIMIT)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: `${row.given_name} ${row.family_name}`,
      civicNo: row.civic_no,
      kinds: [
        ...(row.is_pupil ? (['pupil'] as const) : []),
        ...(row.is_guardian ? (['guardian'] as const) : []),
        ...(row.is_staff ? (['staff'] as const) : []),
      ],
    }));
  }

  /** The person's name, or null when there is no such person. */
  async findPersonName(personId: string): Promise<string | null> {
    if (!isUuid(personId)) {
      return null;
    }
    const row = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('person')
      .select(['given_name', 'family_name'])
      .where('id', '=', personId)
      .executeTakeFirst();
    return row ? `${row.given_name} ${row.family_name}` : null;
  }

  async findPersonRegister(personId: string): Promise<PersonRegister | null> {
    if (!isUuid(personId)) {
      return null;
    }
    const db = this.em.fork().getKysely<DirectoryTables>();
    const person = await db
      .selectFrom('person')
      .select([
        'id',
        'given_name',
        'family_name',
        'civic_no',
        'security_marking',
        'imported_email',
        'created_at',
        'updated_at',
      ])
      .where('id', '=', personId)
      .executeTakeFirst();
    if (!person) {
      return null;
    }
    const [enrolments, groups, children, guardians, duties] = await Promise.all([
      db
        .selectFrom('enrolment as e')
        .innerJoin('school_unit as su', 'su.id', 'e.school_unit_id')
        .select([
          'su.name as school_unit',
          'e.school_form',
          'e.school_year',
          sql<string>`e.start_date::text`.as('start_date'),
          sql<string | null>`e.end_date::text`.as('end_date'),
        ])
        .where('e.person_id', '=', personId)
        .orderBy('e.start_date')
        .execute(),
      db
        .selectFrom('group_membership as gm')
        .innerJoin('student_group as g', 'g.id', 'gm.group_id')
        .innerJoin('school_unit as su', 'su.id', 'g.school_unit_id')
        .select([
          'g.name',
          'g.group_type',
          'su.name as school_unit',
          'g.school_year',
          sql<string | null>`g.start_date::text`.as('start_date'),
          sql<string | null>`g.end_date::text`.as('end_date'),
        ])
        .where('gm.person_id', '=', personId)
        .orderBy('g.name')
        .execute(),
      db
        .selectFrom('guardianship as gs')
        .innerJoin('person as c', 'c.id', 'gs.pupil_id')
        .select(['c.id', 'c.given_name', 'c.family_name'])
        .where('gs.guardian_id', '=', personId)
        .orderBy('c.given_name')
        .execute(),
      db
        .selectFrom('guardianship as gs')
        .innerJoin('person as g', 'g.id', 'gs.guardian_id')
        .select(['g.id', 'g.given_name', 'g.family_name'])
        .where('gs.pupil_id', '=', personId)
        .orderBy('g.given_name')
        .execute(),
      db
        .selectFrom('staff_duty as d')
        .leftJoin('school_unit as su', 'su.id', 'd.school_unit_id')
        .leftJoin('student_group as g', 'g.id', 'd.group_id')
        .select([
          'd.role',
          'su.name as school_unit',
          'g.name as group_name',
          'd.subject',
          sql<string | null>`d.start_date::text`.as('start_date'),
          sql<string | null>`d.end_date::text`.as('end_date'),
        ])
        .where('d.person_id', '=', personId)
        .orderBy('d.role')
        .execute(),
    ]);
    return {
      id: person.id,
      givenName: person.given_name,
      familyName: person.family_name,
      civicNo: person.civic_no,
      securityMarking: person.security_marking,
      importedEmail: person.imported_email,
      createdAt: new Date(person.created_at).toISOString(),
      updatedAt: new Date(person.updated_at).toISOString(),
      enrolments: enrolments.map((row) => ({
        schoolUnit: row.school_unit,
        schoolForm: row.school_form,
        schoolYear: row.school_year,
        startDate: row.start_date,
        endDate: row.end_date,
      })),
      groups: groups.map((row) => ({
        name: row.name,
        groupType: row.group_type,
        schoolUnit: row.school_unit,
        schoolYear: row.school_year,
        startDate: row.start_date,
        endDate: row.end_date,
      })),
      children: children.map((row) => ({
        id: row.id,
        name: `${row.given_name} ${row.family_name}`,
      })),
      guardians: guardians.map((row) => ({
        id: row.id,
        name: `${row.given_name} ${row.family_name}`,
      })),
      duties: duties.map((row) => ({
        role: row.role,
        schoolUnit: row.school_unit,
        group: row.group_name,
        subject: row.subject,
        startDate: row.start_date,
        endDate: row.end_date,
      })),
    };
  }
}
