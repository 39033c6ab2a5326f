import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Expression, sql } from 'kysely';

import { fullNameOf, importedEmailOf, personIdsWithDuty } from '../directory/person-names.queries';
import type { AuthTables } from './auth.entities';

/** A staff account as other modules list it. */
export interface StaffAccountName {
  readonly accountId: string;
  readonly name: string;
}

/** Who a staff alert goes to: an account, the named usernames, or every active reviewer. */
export type AlertRecipients =
  | { readonly accountId: string }
  | { readonly usernames: readonly string[] }
  | { readonly reviewersActiveOn: Expression<string> };

const PERSON_ID = sql.ref<string>('a.person_id');

/**
 * Staff accounts for other modules: the names to show for account ids, the
 * reviewers, and who an alert goes to. Each is one query; a person's name
 * and address come from the directory's subqueries.
 */
@Injectable()
export class StaffAccountsQueries {
  constructor(private readonly em: EntityManager) {}

  /** "given family" of each account's person, by account id. */
  async findNames(accountIds: readonly (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(accountIds.filter((id): id is string => id !== null))];
    if (unique.length === 0) {
      return new Map();
    }
    const em = this.em.fork();
    const rows = await em
      .getKysely<AuthTables>()
      .selectFrom('account as a')
      .select(['a.id', fullNameOf(em, PERSON_ID).as('name')])
      .where('a.id', 'in', unique)
      .execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** The enabled accounts of everyone with a reviewer duty, by name. */
  async findReviewers(): Promise<StaffAccountName[]> {
    const em = this.em.fork();
    const rows = await em
      .getKysely<AuthTables>()
      .selectFrom('account as a')
      .select(['a.id', fullNameOf(em, PERSON_ID).as('name')])
      .where('a.is_disabled', '=', false)
      .where('a.person_id', 'in', personIdsWithDuty(em, 'reviewer'))
      .orderBy('name')
      .execute();
    return rows.map((row) => ({ accountId: row.id, name: row.name }));
  }

  /** The enabled accounts an alert goes to, with the directory's e-mail address; in `em`'s transaction. */
  async findAlertRecipients(
    em: EntityManager,
    who: AlertRecipients,
  ): Promise<{ accountId: string; email: string | null }[]> {
    let query = em
      .getKysely<AuthTables>()
      .selectFrom('account as a')
      .select(['a.id', importedEmailOf(em, PERSON_ID).as('imported_email')])
      .where('a.is_disabled', '=', false);
    if ('accountId' in who) {
      query = query.where('a.id', '=', who.accountId);
    } else if ('usernames' in who) {
      query = query.where('a.username', 'in', [...who.usernames]);
    } else {
      query = query.where(
        'a.person_id',
        'in',
        personIdsWithDuty(em, 'reviewer', who.reviewersActiveOn),
      );
    }
    const rows = await query.execute();
    return rows.map((row) => ({ accountId: row.id, email: row.imported_email || null }));
  }
}

/**
 * The enabled accounts of the reviewers on duty on the day, as a subquery
 * (`account_id`) for a statement of another module that must stay one
 * statement (it names the account table only here).
 */
export function enabledReviewerAccountIds(em: EntityManager, activeOn: Expression<string>) {
  return em
    .getKysely<AuthTables>()
    .selectFrom('account as a')
    .select('a.id as account_id')
    .where('a.is_disabled', '=', false)
    .where('a.person_id', 'in', personIdsWithDuty(em, 'reviewer', activeOn));
}
