import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { createUsername } from '../directory/usernames';
import type { AuthTables } from './auth.entities';

/** Accounts made for people the directory import brings in. */
@Injectable()
export class AccountProvisioningService {
  /**
   * Creates the account of a new person in the caller's transaction (the import's savepoint), with
   * a free username made from the name. No password: people sign in with e-legitimation, or get a
   * password from an administrator.
   */
  async createAccount(
    em: EntityManager,
    person: { id: string; givenName: string; familyName: string },
    now: Date,
  ): Promise<void> {
    const db = em.getKysely<AuthTables>();
    const taken = async (username: string): Promise<boolean> =>
      (await db
        .selectFrom('account')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst()) !== undefined;
    const username = await createUsername(person.givenName, person.familyName, taken);
    await db
      .insertInto('account')
      .values({
        id: randomUUID(),
        person_id: person.id,
        username,
        password_hash: null,
        locked_until: null,
        last_login_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}
