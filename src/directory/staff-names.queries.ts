import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { DirectoryTables } from './directory.entities';

/**
 * Staff members' names as the back office shows them ("Given Family"), and
 * whether a person is a reviewer at Sektor Lärande. In the caller's
 * transaction.
 */
@Injectable()
export class StaffNames {
  /** Each person's full name, by person id; an unknown id is left out. */
  async namesOf(em: EntityManager, personIds: readonly string[]): Promise<Map<string, string>> {
    const ids = [...new Set(personIds)];
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await em
      .getKysely<DirectoryTables>()
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((row) => [row.id, `${row.given_name} ${row.family_name}`]));
  }

  /** The person's full name if they hold a reviewer duty, else null. */
  async reviewerName(em: EntityManager, personId: string): Promise<string | null> {
    const row = await em
      .getKysely<DirectoryTables>()
      .selectFrom('person')
      .select(['given_name', 'family_name'])
      .where('id', '=', personId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('staff_duty')
            .select('staff_duty.id')
            .whereRef('staff_duty.person_id', '=', 'person.id')
            .where('staff_duty.role', '=', 'reviewer'),
        ),
      )
      .executeTakeFirst();
    return row ? `${row.given_name} ${row.family_name}` : null;
  }
}
