import type { AuthTables } from '../../src/auth/auth.entities';
import type { DirectoryTables } from '../../src/directory/directory.entities';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

describe('a typed Kysely query', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  it('runs inside em.transactional, in its transaction', async () => {
    const unit = await db.given.schoolUnit({ name: 'Ekskolan' });
    const pupil = await db.given.pupil({ givenName: 'Nils', schoolUnitId: unit.id });

    const inside = await db.em().transactional(async (em) => {
      const kysely = em.getKysely<DirectoryTables>();
      await kysely
        .updateTable('person')
        .set({ given_name: 'Nils-Erik' })
        .where('id', '=', pupil.id)
        .execute();
      // Seen inside the transaction only when Kysely runs on its connection.
      return kysely
        .selectFrom('person')
        .innerJoin('enrolment', 'enrolment.person_id', 'person.id')
        .innerJoin('school_unit', 'school_unit.id', 'enrolment.school_unit_id')
        .select(['person.given_name', 'school_unit.name as school_unit_name', 'enrolment.end_date'])
        .where('person.id', '=', pupil.id)
        .executeTakeFirstOrThrow();
    });

    expect(inside).toEqual({
      given_name: 'Nils-Erik',
      school_unit_name: 'Ekskolan',
      end_date: null,
    });
  });

  it('rolls back with the transaction', async () => {
    const person = await db.given.person({ givenName: 'Vera' });
    await expect(
      db.em().transactional(async (em) => {
        const kysely = em.getKysely<AuthTables>();
        await kysely
          .insertInto('account')
          .values({
            id: '00000000-0000-4000-8000-000000000001',
            person_id: person.id,
            username: 'vera',
            password_hash: null,
            locked_until: null,
            last_login_at: null,
            deactivated_at: null,
            created_at: new Date(),
            updated_at: new Date(),
          })
          .execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');

    const kysely = db.em().getKysely<AuthTables>();
    const accounts = await kysely
      .selectFrom('account')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();
    expect(accounts).toEqual([]);
  });
});
