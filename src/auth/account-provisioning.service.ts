import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Insertable } from 'kysely';

import { inBatches } from '../common/in-batches';
import type { AuthTables } from './auth.entities';
import type { UsernamePool } from './username-pool';

/** Accounts made for people the directory import brings in. */
@Injectable()
export class AccountProvisioningService {
  /**
   * Creates the accounts of new persons in the caller's transaction (the import's chunk), each
   * with a free username made from the name: the name, or the name with the lowest free number.
   * No password: people sign in with e-legitimation, or get a password from an administrator.
   */
  async createAccounts(
    em: EntityManager,
    persons: readonly { id: string; givenName: string; familyName: string }[],
    usernames: UsernamePool,
    now: Date,
  ): Promise<void> {
    if (persons.length === 0) {
      return;
    }
    const rows: Insertable<AuthTables['account']>[] = [];
    for (const person of persons) {
      rows.push({
        id: randomUUID(),
        person_id: person.id,
        username: await usernames.take(em, person.givenName, person.familyName),
        password_hash: null,
        locked_until: null,
        last_login_at: null,
        deactivated_at: null,
        created_at: now,
        updated_at: now,
      });
    }
    await inBatches(rows, (batch) =>
      em.getKysely<AuthTables>().insertInto('account').values(batch).execute(),
    );
  }
}
