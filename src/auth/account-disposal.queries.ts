import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { expressionBuilder } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import type { AuthTables } from './auth.entities';

/** A condition on a person's id, from the directory (no role left, a duty again). */
type PersonCondition = (personId: Expression<string>) => Expression<SqlBool>;

const eb = expressionBuilder<AuthTables>();

/** The person has an account the disposal deactivated on or before `before`. */
export function hasAccountDeactivatedBefore(
  personId: Expression<string>,
  before: Date,
): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('account as a')
      .select(eb.lit(1).as('one'))
      .where('a.person_id', '=', personId)
      .where('a.deactivated_at', '<=', before.toISOString()),
  );
}

/** The person has an account of any kind. */
export function hasAccount(personId: Expression<string>): Expression<SqlBool> {
  return eb.exists(
    eb.selectFrom('account as a').select(eb.lit(1).as('one')).where('a.person_id', '=', personId),
  );
}

/**
 * What the nightly disposal does to accounts: a staff account without a duty is deactivated at
 * once (and enabled again if a duty comes back before it is deleted); the account goes with
 * its person (on delete cascade), which the directory deletes.
 */
@Injectable()
export class AccountDisposalQueries {
  /** Deactivates the enabled accounts of people the condition picks (no role left); how many. */
  async deactivateWhere(
    em: EntityManager,
    input: { readonly isWithoutRole: PersonCondition; readonly now: Date; readonly limit: number },
  ): Promise<number> {
    const rows = await em
      .getKysely<AuthTables>()
      .updateTable('account')
      .set({ is_disabled: true, deactivated_at: input.now, updated_at: input.now })
      .where('id', 'in', (db) =>
        db
          .selectFrom('account as a')
          .select('a.id')
          .where('a.is_disabled', '=', false)
          .where((w) => input.isWithoutRole(w.ref('a.person_id')))
          .orderBy('a.id')
          .limit(input.limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning('id')
      .execute();
    return rows.length;
  }

  /**
   * Enables again the accounts the disposal deactivated whose person has a role again (a new
   * duty came in an import before the account's days ran out); how many. Accounts an
   * administrator disabled are not the disposal's and stay as they are.
   */
  async reactivateWhere(
    em: EntityManager,
    input: { readonly hasRole: PersonCondition; readonly now: Date },
  ): Promise<number> {
    const rows = await em
      .getKysely<AuthTables>()
      .updateTable('account as a')
      .set({ is_disabled: false, deactivated_at: null, updated_at: input.now })
      .where('a.deactivated_at', 'is not', null)
      .where((w) => input.hasRole(w.ref('a.person_id')))
      .returning('a.id')
      .execute();
    return rows.length;
  }

  /** How many accounts these people have (counted before they go with their person). */
  async countAccounts(em: EntityManager, personIds: readonly string[]): Promise<number> {
    if (personIds.length === 0) return 0;
    const row = await em
      .getKysely<AuthTables>()
      .selectFrom('account')
      .select((s) => s.cast<number>(s.fn.countAll(), 'integer').as('count'))
      .where('person_id', '=', eb.fn.any(eb.val([...personIds])))
      .executeTakeFirstOrThrow();
    return row.count;
  }

  /** The instant `days` days before `now` (for "deactivated at least `days` days ago"). */
  static daysBefore(now: Date, days: number): Date {
    return new Date(now.getTime() - days * 86_400_000);
  }
}
