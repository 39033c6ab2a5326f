import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { StaffNames } from '../directory/staff-names.queries';
import type { AuthTables } from './auth.entities';

/**
 * Accounts as the requests' back office names them: who a request is
 * assigned to, who decided a record, and whether an account may be handed a
 * request (enabled, and its person a reviewer). In the caller's transaction.
 */
@Injectable()
export class ReviewerAccounts {
  constructor(private readonly staff: StaffNames) {}

  /** Each account's person's full name, by account id; an unknown id is left out. */
  async namesOf(em: EntityManager, accountIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(accountIds)];
    if (ids.length === 0) {
      return new Map();
    }
    const accounts = await em
      .getKysely<AuthTables>()
      .selectFrom('account')
      .select(['id', 'person_id'])
      .where('id', 'in', ids)
      .execute();
    const names = await this.staff.namesOf(
      em,
      accounts.map((account) => account.person_id),
    );
    return new Map(
      accounts.flatMap((account) => {
        const name = names.get(account.person_id);
        return name === undefined ? [] : [[account.id, name] as const];
      }),
    );
  }

  /** The enabled account of a reviewer, with its name; null for any other account. */
  async findReviewer(
    em: EntityManager,
    accountId: string,
  ): Promise<{ id: string; name: string } | null> {
    const account = await em
      .getKysely<AuthTables>()
      .selectFrom('account')
      .select(['id', 'person_id'])
      .where('id', '=', accountId)
      .where('is_disabled', '=', false)
      .executeTakeFirst();
    const name = account ? await this.staff.reviewerName(em, account.person_id) : null;
    return account && name !== null ? { id: account.id, name } : null;
  }
}
