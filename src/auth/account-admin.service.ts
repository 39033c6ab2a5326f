import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import { accountHolders } from '../directory/account-holders';
import { Account } from './account.entity';
import type { Actor } from './actor';
import type { AuthTables } from './auth.entities';
import { storePasswordHash } from './account-password.writer';
import { assertPasswordAllowed } from './password-rules';
import { hashPassword } from './passwords';
import { LoginRateLimiter } from './login-rate-limiter';

export { MIN_PASSWORD_LENGTH } from './password-rules';

export interface AccountSummary {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly hasPassword: boolean;
  readonly isLocked: boolean;
  readonly lastLoginAt: string | null;
}

/**
 * What an administrator does to accounts: find them and give a person a
 * password (for example staff who do not use e-legitimation). The route
 * guard has already asked the policy for `directory.manage`.
 */
@Injectable()
export class AccountAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly loginLimits: LoginRateLimiter,
  ) {}

  async searchAccounts(search: string, limit = 50): Promise<AccountSummary[]> {
    const term = `%${search
      .trim()
      .toLowerCase()
      .replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const em = this.em.fork();
    const rows = await em
      .getKysely<AuthTables>()
      .selectFrom('account as a')
      .innerJoin(accountHolders(em).as('p'), 'p.id', 'a.person_id')
      .select((eb) => [
        'a.id',
        'a.username',
        'p.given_name',
        'p.family_name',
        eb('a.password_hash', 'is not', null).$castTo<boolean>().as('has_password'),
        eb.fn
          .coalesce(eb('a.locked_until', '>', sql<string>`now()`).$castTo<boolean>(), eb.lit(false))
          .as('is_locked'),
        'a.last_login_at',
        'p.roles',
      ])
      .where((eb) => eb.or([eb('a.username', 'like', term), eb('p.search_name', 'like', term)]))
      .orderBy('p.family_name')
      .orderBy('p.given_name')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      username: row.username,
      name: `${row.given_name} ${row.family_name}`,
      roles: row.roles,
      hasPassword: row.has_password,
      isLocked: row.is_locked,
      lastLoginAt: row.last_login_at ? new Date(row.last_login_at).toISOString() : null,
    }));
  }

  async findAccount(accountId: string): Promise<AccountSummary> {
    if (!isUuid(accountId)) {
      throw new NotFoundError('Kontot finns inte.');
    }
    const account = await this.em
      .fork()
      .findOne(Account, { id: accountId }, { fields: ['id', 'username'] });
    const found = account
      ? (await this.searchAccounts(account.username)).find((a) => a.id === accountId)
      : undefined;
    if (!found) {
      throw new NotFoundError('Kontot finns inte.');
    }
    return found;
  }

  /**
   * Sets a new password and lifts every lock (everywhere and from each
   * address); the person should change it at first use.
   */
  async setPassword(actor: Actor, accountId: string, password: string): Promise<void> {
    assertPasswordAllowed(password);
    const account = await this.findAccount(accountId);
    const hash = await hashPassword(password);
    await this.em.fork().transactional(async (em) => {
      await storePasswordHash(em, account.id, hash);
      await this.audit.record(em, {
        action: 'auth.password.set',
        actor: {
          accountId: actor.accountId,
          personId: actor.personId,
          roles: [...actor.roles].sort(),
        },
        targetType: 'account',
        targetId: account.id,
      });
    });
    await this.loginLimits.forgetFailures(account.username);
  }
}
