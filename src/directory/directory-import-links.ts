import type { EntityManager } from '@mikro-orm/postgresql';

import type { DirectoryTables } from './directory.entities';
import type { PersonItem } from './import/import-document';

/* Group memberships and guardianships as the import file has them: set-based syncs. */

export function collectGuardians(persons: readonly PersonItem[]): Map<string, string[]> {
  const byPupil = new Map<string, string[]>();
  for (const guardian of persons) {
    for (const pupilKey of guardian.guardianOf) {
      byPupil.set(pupilKey, [...(byPupil.get(pupilKey) ?? []), guardian.key]);
    }
  }
  return byPupil;
}

/** Makes a group's members exactly `memberIds`; true when anything changed. */
export async function syncGroupMembers(
  em: EntityManager,
  groupId: string,
  memberIds: readonly string[],
): Promise<boolean> {
  const db = em.getKysely<DirectoryTables>();
  const wanted = [...new Set(memberIds)];
  const removed = await db
    .deleteFrom('group_membership')
    .where('group_id', '=', groupId)
    .$if(wanted.length > 0, (query) => query.where('person_id', 'not in', wanted))
    .returning('person_id')
    .execute();
  const added =
    wanted.length === 0
      ? []
      : await db
          .insertInto('group_membership')
          .values(wanted.map((personId) => ({ group_id: groupId, person_id: personId })))
          .onConflict((conflict) => conflict.doNothing())
          .returning('person_id')
          .execute();
  return removed.length > 0 || added.length > 0;
}

/** Makes a pupil's guardians exactly `guardianIds`; true when anything changed. */
export async function syncGuardians(
  em: EntityManager,
  pupilId: string,
  guardianIds: readonly string[],
): Promise<boolean> {
  const db = em.getKysely<DirectoryTables>();
  const wanted = [...new Set(guardianIds)];
  const removed = await db
    .deleteFrom('guardianship')
    .where('pupil_id', '=', pupilId)
    .$if(wanted.length > 0, (query) => query.where('guardian_id', 'not in', wanted))
    .returning('guardian_id')
    .execute();
  const added =
    wanted.length === 0
      ? []
      : await db
          .insertInto('guardianship')
          .values(wanted.map((guardianId) => ({ pupil_id: pupilId, guardian_id: guardianId })))
          .onConflict((conflict) => conflict.doNothing())
          .returning('guardian_id')
          .execute();
  return removed.length > 0 || added.length > 0;
}
