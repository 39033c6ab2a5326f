import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { DirectoryTables } from './directory.entities';

/** A demo pupil with the school unit of their enrolment. */
export interface DemoPupil {
  readonly id: string;
  readonly externalId: string;
  readonly schoolUnitId: string;
}

/** A pupil who has left compulsory school, written beside the imported demo directory. */
export interface FormerPupil {
  readonly externalId: string;
  readonly civicNo: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly schoolUnitId: string;
  readonly startDate: string;
  readonly endDate: string;
}

const NOW = sql<Date>`now()`;

/**
 * The directory's part of the demo municipality (src/demo), beyond what the
 * importer writes from the demo file: which demo persons exist, and former
 * pupils the import format cannot express (an enrolment that ended years ago).
 * In the caller's transaction.
 */
export class DirectoryDemoSeedWriter {
  /** Whether the directory has anyone in it: the demo is loaded only into an empty one. */
  async hasAnyPerson(em: EntityManager): Promise<boolean> {
    const row = await em
      .getKysely<DirectoryTables>()
      .selectFrom('person')
      .select('id')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The person with this external id (`demo:person:…`), with their name. */
  async findPerson(
    em: EntityManager,
    externalId: string,
  ): Promise<{ id: string; givenName: string; familyName: string } | null> {
    const row = await em
      .getKysely<DirectoryTables>()
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name'])
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row ? { id: row.id, givenName: row.given_name, familyName: row.family_name } : null;
  }

  /** Pupils whose external id matches the `like` pattern, one per enrolment, by external id. */
  async findEnrolledPupils(em: EntityManager, externalIdPattern: string): Promise<DemoPupil[]> {
    const rows = await em
      .getKysely<DirectoryTables>()
      .selectFrom('person as p')
      .innerJoin('enrolment as e', 'e.person_id', 'p.id')
      .select(['p.id', 'p.external_id', 'e.school_unit_id'])
      .where('p.external_id', 'like', externalIdPattern)
      .orderBy('p.external_id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      externalId: row.external_id,
      schoolUnitId: row.school_unit_id,
    }));
  }

  /** The group (class or mentor group) with this external id (`demo:group:…`), if there is one. */
  async findGroupId(em: EntityManager, externalId: string): Promise<string | null> {
    const row = await em
      .getKysely<DirectoryTables>()
      .selectFrom('student_group')
      .select('id')
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** A school unit named so, if there is one. */
  async findSchoolUnitId(em: EntityManager, name: string): Promise<string | null> {
    const row = await em
      .getKysely<DirectoryTables>()
      .selectFrom('school_unit')
      .select('id')
      .where('name', '=', name)
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** A former pupil (no protected identity) and their ended grundskola enrolment; returns the person id. */
  async insertFormerPupil(em: EntityManager, pupil: FormerPupil): Promise<string> {
    const db = em.getKysely<DirectoryTables>();
    const personId = randomUUID();
    await db
      .insertInto('person')
      .values({
        id: personId,
        external_id: pupil.externalId,
        civic_no: pupil.civicNo,
        given_name: pupil.givenName,
        family_name: pupil.familyName,
        security_marking: 'Ingen',
        imported_email: null,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    await db
      .insertInto('enrolment')
      .values({
        id: randomUUID(),
        person_id: personId,
        school_unit_id: pupil.schoolUnitId,
        school_form: 'grundskola',
        school_year: 9,
        start_date: pupil.startDate,
        end_date: pupil.endDate,
        updated_at: NOW,
      })
      .execute();
    return personId;
  }
}
