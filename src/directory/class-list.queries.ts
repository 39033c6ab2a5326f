import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { GroupFacts } from '../auth/actor';
import { isUuid } from '../common/uuid';
import type { DirectoryTables } from './directory.entities';
import { anyUuid, today } from './directory.sql';
import { hasProtectedIdentity } from './directory.types';

/**
 * A class list's people, for the guardians module to join its contact details to (on
 * `guardian_id`): each pupil without protected identity, with each guardian without protected
 * identity (or none, then the guardian columns are null). Protected people are left out here, in
 * SQL, so no caller can forget.
 */
export function classListPeople(em: EntityManager, groupId: string) {
  return em
    .getKysely<DirectoryTables>()
    .selectFrom('group_membership as gm')
    .innerJoin('person as pupil', (join) =>
      join.onRef('pupil.id', '=', 'gm.person_id').on('pupil.security_marking', '=', 'Ingen'),
    )
    .leftJoin('guardianship as gs', 'gs.pupil_id', 'pupil.id')
    .leftJoin('person as guardian', (join) =>
      join
        .onRef('guardian.id', '=', 'gs.guardian_id')
        .on('guardian.security_marking', '=', 'Ingen'),
    )
    .select([
      'pupil.id as pupil_id',
      'pupil.given_name as pupil_given',
      'pupil.family_name as pupil_family',
      'guardian.id as guardian_id',
      'guardian.given_name as guardian_given',
      'guardian.family_name as guardian_family',
    ])
    .where('gm.group_id', '=', groupId);
}

/** The directory's answers for class lists and a person's own profile (the guardians module). */
@Injectable()
export class ClassListQueries {
  constructor(private readonly em: EntityManager) {}

  /** A person's name and whether their identity is protected; null when there is no such person. */
  async findPersonIdentity(
    personId: string,
  ): Promise<{ givenName: string; familyName: string; hasProtectedIdentity: boolean } | null> {
    const person = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('person')
      .select(['given_name', 'family_name', 'security_marking'])
      .where('id', '=', personId)
      .executeTakeFirst();
    return person
      ? {
          givenName: person.given_name,
          familyName: person.family_name,
          hasProtectedIdentity: hasProtectedIdentity(person.security_marking),
        }
      : null;
  }

  /** A group that has not ended, with its members; null otherwise. */
  async findGroupFacts(groupId: string): Promise<GroupFacts | null> {
    if (!isUuid(groupId)) {
      return null;
    }
    const db = this.em.fork().getKysely<DirectoryTables>();
    const group = await db
      .selectFrom('student_group as g')
      .select(['g.id', 'g.school_unit_id'])
      .where('g.id', '=', groupId)
      .where((eb) => eb.or([eb('g.end_date', 'is', null), eb('g.end_date', '>=', today)]))
      .executeTakeFirst();
    if (!group) {
      return null;
    }
    const members = await db
      .selectFrom('group_membership')
      .select('person_id')
      .where('group_id', '=', groupId)
      .execute();
    return {
      groupId,
      schoolUnitId: group.school_unit_id,
      memberIds: new Set(members.map((row) => row.person_id)),
    };
  }

  /** A group's name and its school unit's name. */
  async findGroupHeading(
    groupId: string,
  ): Promise<{ name: string; schoolUnitName: string } | null> {
    const group = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('student_group as g')
      .innerJoin('school_unit as su', 'su.id', 'g.school_unit_id')
      .select(['g.name', 'su.name as school_unit_name'])
      .where('g.id', '=', groupId)
      .executeTakeFirst();
    return group ? { name: group.name, schoolUnitName: group.school_unit_name } : null;
  }

  /** True when the guardian is shown in that class list. */
  async isListedGuardian(groupId: string, guardianId: string): Promise<boolean> {
    const row = await classListPeople(this.em.fork(), groupId)
      .where('guardian.id', '=', guardianId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The classes (Klass) each pupil is in now. */
  async findCurrentClasses(
    pupilIds: readonly string[],
  ): Promise<Map<string, { id: string; name: string }>> {
    if (pupilIds.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('group_membership as gm')
      .innerJoin('student_group as g', 'g.id', 'gm.group_id')
      .select(['gm.person_id', 'g.id', 'g.name'])
      .where('gm.person_id', '=', anyUuid(pupilIds))
      .where('g.group_type', '=', 'Klass')
      .where((eb) => eb.or([eb('g.end_date', 'is', null), eb('g.end_date', '>=', today)]))
      .execute();
    return new Map(rows.map((row) => [row.person_id, { id: row.id, name: row.name }]));
  }
}
