import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import type { Actor } from './actor';
import { hashPassword } from './passwords';

export const MIN_PASSWORD_LENGTH = 12;

export interface AccountSummary {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly hasPassword: boolean;
  readonly isLocked: boolean;
  readonly lastLoginAt: string | null;
}

type Row = Record<string, unknown>;

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
  ) {}

  async searchAccounts(search: string, limit = 50): Promise<AccountSummary[]> {
    const term = `%${search
      .trim()
      .toLowerCase()
      .replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const rows = await this.em.fork().execute<Row[]>(
      `select a.id, a.username, p.given_name, p.family_name, a.password_hash is not null as has_password,
              coalesce(a.locked_until > now(), false) as is_locked, a.last_login_at,
              coalesce((select array_agg(distinct d.role order by d.role) from staff_duty d where d.person_id = p.id), '{}') as roles
         from account a join person p on p.id = a.person_id
        where a.username like ? or lower(p.given_name || ' ' || p.family_name) like ?
        order by p.family_name, p.given_name limit ?`,
      [term, term, limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      username: String(row.username),
      name: `${String(row.given_name)} ${String(row.family_name)}`,
      roles: (row.roles as string[] | null) ?? [],
      hasPassword: Boolean(row.has_password),
      isLocked: Boolean(row.is_locked),
      lastLoginAt: row.last_login_at
        ? new Date(row.last_login_at as string | Date).toISOString()
        : null,
    }));
  }

  async findAccount(accountId: string): Promise<AccountSummary> {
    if (!isUuid(accountId)) {
      throw new NotFoundError('Kontot finns inte.');
    }
    const [row] = await this.em
      .fork()
      .execute<Row[]>('select username from account where id = ?', [accountId]);
    const found = row
      ? (await this.searchAccounts(String(row.username))).find((a) => a.id === accountId)
      : undefined;
    if (!found) {
      throw new NotFoundError('Kontot finns inte.');
    }
    return found;
  }

  /** Sets a new password and lifts any lock; the person should change it at first use. */
  async setPassword(
    actor: Actor,
    accountId: string,
    password: string,
    requestId: string | null,
  ): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`,
        [{ field: 'password', problems: [`måste ha minst ${MIN_PASSWORD_LENGTH} tecken`] }],
      );
    }
    const account = await this.findAccount(accountId);
    const hash = await hashPassword(password);
    await this.em.fork().transactional(async (em) => {
      await em.execute(
        `update account set password_hash = ?, failed_login_count = 0, locked_until = null, updated_at = now()
          where id = ?`,
        [hash, account.id],
      );
      await this.audit.record(em, {
        action: 'auth.password.set',
        actor: {
          accountId: actor.accountId,
          personId: actor.personId,
          roles: [...actor.roles].sort(),
        },
        targetType: 'account',
        targetId: account.id,
        requestId,
      });
    });
  }
}
