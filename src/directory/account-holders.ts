import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { DirectoryTables } from './directory.entities';
import type { DutyRole } from './directory.types';

/**
 * People as the accounts page searches and sorts them, for auth to join to its accounts on
 * `person_id = id` (one statement, filtered and ordered by name): the name, the lower-case
 * "given family" the trigram index answers, and every role the person has ever had a duty in.
 */
export function accountHolders(em: EntityManager) {
  return em
    .getKysely<DirectoryTables>()
    .selectFrom('person as p')
    .select((eb) => [
      'p.id',
      'p.given_name',
      'p.family_name',
      // The trigram index's own expression (person_name_trgm_idx).
      sql<string>`lower(p.given_name || ' ' || p.family_name)`.as('search_name'),
      eb.fn
        .coalesce(
          eb
            .selectFrom('staff_duty as d')
            .select(sql<DutyRole[]>`array_agg(distinct d.role order by d.role)`.as('roles'))
            .whereRef('d.person_id', '=', 'p.id'),
          sql<DutyRole[]>`'{}'`,
        )
        .as('roles'),
    ]);
}
