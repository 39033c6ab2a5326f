import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import { personIdsWithDuty } from '../directory/person-names.queries';
import type { AuthTables } from './auth.entities';

/**
 * Auth's part of the demo municipality (src/demo): the demo accounts' usernames
 * and password, and the accounts the demo data names. The accounts themselves
 * are made by the directory import, as for any new person. In the caller's
 * transaction.
 */
export class AccountDemoSeedWriter {
  /** Gives the person's account a username and a password (hashed by the caller). */
  async setCredentials(
    em: EntityManager,
    personId: string,
    credentials: { readonly username: string; readonly passwordHash: string },
  ): Promise<void> {
    await em
      .getKysely<AuthTables>()
      .updateTable('account')
      .set({
        username: credentials.username,
        password_hash: credentials.passwordHash,
        updated_at: sql<Date>`now()`,
      })
      .where('person_id', '=', personId)
      .execute();
  }

  /** The account with this username, if there is one. */
  async findAccountId(em: EntityManager, username: string): Promise<string | null> {
    const row = await em
      .getKysely<AuthTables>()
      .selectFrom('account')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** The accounts of everyone with a reviewer duty, ended or not. */
  async findReviewerAccountIds(em: EntityManager): Promise<string[]> {
    const rows = await em
      .getKysely<AuthTables>()
      .selectFrom('account')
      .select('id')
      .where('person_id', 'in', personIdsWithDuty(em, 'reviewer'))
      .execute();
    return rows.map((row) => row.id);
  }
}
