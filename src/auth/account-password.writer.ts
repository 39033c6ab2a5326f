import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { AuthTables } from './auth.entities';

/**
 * Stores a new password hash on an account and lifts any lock from wrong
 * passwords, in the caller's transaction: the one write behind every password
 * an administrator gives (the accounts page and API, `npm run admin:create`).
 * `enable` also lifts a disabled account's block.
 */
export async function storePasswordHash(
  em: EntityManager,
  accountId: string,
  passwordHash: string,
  options: { readonly enable?: boolean } = {},
): Promise<void> {
  await em
    .getKysely<AuthTables>()
    .updateTable('account')
    .set({
      password_hash: passwordHash,
      failed_login_count: 0,
      locked_until: null,
      ...(options.enable ? { is_disabled: false, deactivated_at: null } : {}),
      updated_at: sql<string>`now()`,
    })
    .where('id', '=', accountId)
    .execute();
}
