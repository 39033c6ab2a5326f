import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { DirectoryTables } from './directory.entities';
import { today } from './directory.sql';

/**
 * Civic numbers of people made on the command line begin so: year 0000, month
 * 00, day 00 is never a personnummer or a samordningsnummer (the import checks
 * the date), so such a person is never confused with an imported one.
 */
const PLACEHOLDER_CIVIC_PREFIX = '00000000';

/**
 * The directory's part of `npm run admin:create` (auth's administrator
 * set-up): the person behind an administrator account made before any import,
 * and the administrator duty. In the caller's transaction.
 */
export class AdministratorDutyWriter {
  /**
   * A person for an administrator made on the command line. The directory
   * needs a civic number for everyone; this one gets a placeholder that no
   * import or e-legitimation will ever match (the next free `00000000NNNN`).
   */
  async createPerson(
    em: EntityManager,
    name: { readonly givenName: string; readonly familyName: string },
  ): Promise<string> {
    const db = em.getKysely<DirectoryTables>();
    // Taking turns: two set-ups at once would otherwise pick the same number.
    // Raw SQL: Kysely has no builder for PostgreSQL's advisory locks.
    await sql`select pg_advisory_xact_lock(hashtext('iup:placeholder-civic-number'))`.execute(db);
    const last = await db
      .selectFrom('person')
      .select((eb) => eb.fn.max('civic_no').as('civic_no'))
      .where('civic_no', 'like', `${PLACEHOLDER_CIVIC_PREFIX}%`)
      .executeTakeFirst();
    const serial = last?.civic_no
      ? Number(last.civic_no.slice(PLACEHOLDER_CIVIC_PREFIX.length)) + 1
      : 1;
    if (serial > 9999) {
      throw new Error('No placeholder civic number is left for a command-line administrator');
    }
    const id = randomUUID();
    await db
      .insertInto('person')
      .values({
        id,
        external_id: `local:administrator:${id}`,
        civic_no: `${PLACEHOLDER_CIVIC_PREFIX}${String(serial).padStart(4, '0')}`,
        given_name: name.givenName,
        family_name: name.familyName,
        security_marking: 'Ingen',
        imported_email: null,
        created_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      })
      .execute();
    return id;
  }

  /** Gives the person an administrator duty from today, unless one is in force; true when added. */
  async grantAdministratorDuty(em: EntityManager, personId: string): Promise<boolean> {
    const db = em.getKysely<DirectoryTables>();
    const inForce = await db
      .selectFrom('staff_duty as d')
      .select('d.id')
      .where('d.person_id', '=', personId)
      .where('d.role', '=', 'administrator')
      .where((eb) => eb.or([eb('d.start_date', 'is', null), eb('d.start_date', '<=', today)]))
      .where((eb) => eb.or([eb('d.end_date', 'is', null), eb('d.end_date', '>=', today)]))
      .executeTakeFirst();
    if (inForce) {
      return false;
    }
    const id = randomUUID();
    await db
      .insertInto('staff_duty')
      .values({
        id,
        external_id: `local:duty:administrator:${id}`,
        person_id: personId,
        role: 'administrator',
        school_unit_id: null,
        group_id: null,
        pupil_id: null,
        subject: null,
        start_date: today,
        end_date: null,
        updated_at: sql<Date>`now()`,
      })
      .execute();
    return true;
  }
}
