import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { isUuid } from '../common/uuid';
import { actorFacts, toActorFacts } from '../directory/directory-joins';
import type { ActorFacts } from '../directory/directory.queries';
import { Account } from './account.entity';
import type { AuthTables } from './auth.entities';

export interface AccountLogin {
  readonly accountId: string;
  readonly personId: string;
  readonly passwordHash: string | null;
  readonly failedLoginCount: number;
  readonly lockedUntil: Date | null;
  readonly isDisabled: boolean;
}

/** Reads of accounts for signing in; auth is the only module that reads the account table. */
@Injectable()
export class AccountQueries {
  constructor(private readonly em: EntityManager) {}

  async findAccountForLogin(username: string): Promise<AccountLogin | null> {
    const account = await this.em.fork().findOne(
      Account,
      { username: username.trim().toLowerCase() },
      {
        fields: ['id', 'personId', 'passwordHash', 'failedLoginCount', 'lockedUntil', 'isDisabled'],
      },
    );
    if (!account) {
      return null;
    }
    return {
      accountId: account.id,
      personId: account.personId,
      passwordHash: account.passwordHash,
      failedLoginCount: account.failedLoginCount,
      lockedUntil: account.lockedUntil,
      isDisabled: account.isDisabled,
    };
  }

  /**
   * The account a session names, if it may still sign in, with what the directory knows of its
   * person (`actorFacts`): one statement at every signed-in request. Null when the account is
   * disabled or gone, or its person is no longer in the directory.
   */
  async findEnabledAccountWithFacts(accountId: string): Promise<{
    account: { accountId: string; personId: string; username: string };
    facts: ActorFacts;
  } | null> {
    if (!isUuid(accountId)) {
      return null;
    }
    const row = await this.em
      .fork()
      .getKysely<AuthTables>()
      .selectFrom('account')
      .innerJoin(actorFacts().as('f'), 'f.id', 'account.person_id')
      .select(['account.id as account_id', 'account.person_id', 'account.username'])
      .selectAll('f')
      .where('account.id', '=', accountId)
      .where('account.is_disabled', '=', false)
      .executeTakeFirst();
    return row
      ? {
          account: { accountId: row.account_id, personId: row.person_id, username: row.username },
          facts: toActorFacts(row),
        }
      : null;
  }

  /** A person's account, if it is not disabled. */
  async findEnabledAccountOf(
    personId: string,
  ): Promise<{ accountId: string; personId: string } | null> {
    const account = await this.em
      .fork()
      .findOne(Account, { personId, isDisabled: false }, { fields: ['id', 'personId'] });
    return account ? { accountId: account.id, personId: account.personId } : null;
  }

  /** What the account of a person holds, for their register extract; never the password hash. */
  async findAccountSummary(personId: string): Promise<AccountSummary | null> {
    const account = await this.em
      .fork()
      .findOne(
        Account,
        { personId },
        { fields: ['username', 'isDisabled', 'lastLoginAt', 'createdAt', 'passwordHash'] },
      );
    return account
      ? {
          username: account.username,
          isDisabled: account.isDisabled,
          hasPassword: account.passwordHash !== null,
          lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
          createdAt: account.createdAt.toISOString(),
        }
      : null;
  }
}

/** A person's account as their register extract shows it. */
export interface AccountSummary {
  readonly username: string;
  readonly isDisabled: boolean;
  readonly hasPassword: boolean;
  readonly lastLoginAt: string | null;
  readonly createdAt: string;
}
