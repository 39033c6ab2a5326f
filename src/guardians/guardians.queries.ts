import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { GroupFacts } from '../auth/actor';
import { SQL_TODAY, uuidArray } from '../common/stockholm';
import { isUuid } from '../common/uuid';
import type { ProfileInput } from './profile-input';

type Row = Record<string, unknown>;

const TODAY = SQL_TODAY;

export interface OwnProfile extends ProfileInput {
  readonly name: string;
  readonly hasProtectedIdentity: boolean;
  readonly hasPhoto: boolean;
}

export interface ClassListGuardian {
  readonly id: string;
  readonly name: string;
  readonly streetAddress: string | null;
  readonly postalCode: string | null;
  readonly city: string | null;
  readonly phone: string | null;
  readonly mobile: string | null;
  readonly email: string | null;
  readonly hasPhoto: boolean;
}

export interface ClassListPupil {
  readonly id: string;
  readonly name: string;
  readonly guardians: readonly ClassListGuardian[];
}

export interface ClassList {
  readonly groupId: string;
  readonly name: string;
  readonly schoolUnitName: string;
  readonly pupils: readonly ClassListPupil[];
}

/**
 * Reads of what people entered about themselves. Anyone with protected
 * identity is left out of class lists here, in SQL, so no caller can forget;
 * and an address of such a person is never selected at all.
 */
@Injectable()
export class GuardiansQueries {
  constructor(private readonly em: EntityManager) {}

  async findOwnProfile(personId: string): Promise<OwnProfile | null> {
    const [row] = await this.em.fork().execute<Row[]>(
      `select p.given_name, p.family_name, p.security_marking <> 'Ingen' as protected,
              case when p.security_marking = 'Ingen' then c.street_address end as street_address,
              case when p.security_marking = 'Ingen' then c.postal_code end as postal_code,
              case when p.security_marking = 'Ingen' then c.city end as city,
              c.phone, c.mobile, c.email, c.photo is not null as has_photo
         from person p left join self_contact c on c.person_id = p.id where p.id = ?`,
      [personId],
    );
    if (!row) {
      return null;
    }
    return {
      name: `${String(row.given_name)} ${String(row.family_name)}`,
      hasProtectedIdentity: Boolean(row.protected),
      hasPhoto: Boolean(row.has_photo),
      ...contactOf(row),
    };
  }

  async saveProfile(em: EntityManager, personId: string, values: ProfileInput): Promise<string[]> {
    const [before] = await em.execute<Row[]>('select * from self_contact where person_id = ?', [
      personId,
    ]);
    await em.execute(
      `insert into self_contact (person_id, street_address, postal_code, city, phone, mobile, email, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, now())
       on conflict (person_id) do update set street_address = excluded.street_address,
         postal_code = excluded.postal_code, city = excluded.city, phone = excluded.phone,
         mobile = excluded.mobile, email = excluded.email, updated_at = now()`,
      [
        personId,
        values.streetAddress,
        values.postalCode,
        values.city,
        values.phone,
        values.mobile,
        values.email,
      ],
    );
    const previous = before ? contactOf(before) : null;
    return (Object.keys(values) as (keyof ProfileInput)[]).filter(
      (field) => (previous?.[field] ?? null) !== values[field],
    );
  }

  async savePhoto(em: EntityManager, personId: string, photo: Buffer | null): Promise<void> {
    await em.execute(
      `insert into self_contact (person_id, photo, photo_content_type, photo_updated_at, updated_at)
       values (?, ?, ?, now(), now())
       on conflict (person_id) do update set photo = excluded.photo,
         photo_content_type = excluded.photo_content_type, photo_updated_at = now(), updated_at = now()`,
      [personId, photo, photo ? 'image/jpeg' : null],
    );
  }

  async findPhoto(personId: string): Promise<Buffer | null> {
    if (!isUuid(personId)) {
      return null;
    }
    const [row] = await this.em
      .fork()
      .execute<Row[]>('select photo from self_contact where person_id = ? and photo is not null', [
        personId,
      ]);
    return (row?.photo as Buffer | undefined) ?? null;
  }

  async findGroupFacts(groupId: string): Promise<GroupFacts | null> {
    if (!isUuid(groupId)) {
      return null;
    }
    const em = this.em.fork();
    const [group] = await em.execute<Row[]>(
      `select id, school_unit_id from student_group g where id = ? and (g.end_date is null or g.end_date >= ${TODAY})`,
      [groupId],
    );
    if (!group) {
      return null;
    }
    const members = await em.execute<Row[]>(
      'select person_id from group_membership where group_id = ?',
      [groupId],
    );
    return {
      groupId,
      schoolUnitId: String(group.school_unit_id),
      memberIds: new Set(members.map((row) => String(row.person_id))),
    };
  }

  /** The class list: only pupils and guardians without protected identity. */
  async findClassList(groupId: string): Promise<ClassList | null> {
    const em = this.em.fork();
    const [group] = await em.execute<Row[]>(
      `select g.name, su.name as school_unit_name from student_group g
         join school_unit su on su.id = g.school_unit_id where g.id = ?`,
      [groupId],
    );
    if (!group) {
      return null;
    }
    const rows = await em.execute<Row[]>(
      `select pupil.id as pupil_id, pupil.given_name as pupil_given, pupil.family_name as pupil_family,
              guardian.id as guardian_id, guardian.given_name as guardian_given,
              guardian.family_name as guardian_family,
              c.street_address, c.postal_code, c.city, c.phone, c.mobile, c.email,
              c.photo is not null as has_photo
         from group_membership gm
         join person pupil on pupil.id = gm.person_id and pupil.security_marking = 'Ingen'
         left join guardianship gs on gs.pupil_id = pupil.id
         left join person guardian on guardian.id = gs.guardian_id and guardian.security_marking = 'Ingen'
         left join self_contact c on c.person_id = guardian.id
        where gm.group_id = ?`,
      [groupId],
    );
    const pupils = new Map<
      string,
      { id: string; name: string; family: string; given: string; guardians: ClassListGuardian[] }
    >();
    for (const row of rows) {
      const pupilId = String(row.pupil_id);
      const pupil = pupils.get(pupilId) ?? {
        id: pupilId,
        name: `${String(row.pupil_given)} ${String(row.pupil_family)}`,
        family: String(row.pupil_family),
        given: String(row.pupil_given),
        guardians: [],
      };
      if (row.guardian_id) {
        pupil.guardians.push({
          id: row.guardian_id as string,
          name: `${String(row.guardian_given)} ${String(row.guardian_family)}`,
          hasPhoto: Boolean(row.has_photo),
          ...contactOf(row),
        });
      }
      pupils.set(pupilId, pupil);
    }
    const ordered = [...pupils.values()].sort(
      (a, b) => a.family.localeCompare(b.family, 'sv') || a.given.localeCompare(b.given, 'sv'),
    );
    return {
      groupId,
      name: String(group.name),
      schoolUnitName: String(group.school_unit_name),
      pupils: ordered.map(({ id, name, guardians }) => ({
        id,
        name,
        guardians: guardians.sort((a, b) => a.name.localeCompare(b.name, 'sv')),
      })),
    };
  }

  /** True when the guardian is shown in that class list (so their photo may be shown with it). */
  async isListedGuardian(groupId: string, guardianId: string): Promise<boolean> {
    if (!isUuid(guardianId)) {
      return false;
    }
    const rows = await this.em.fork().execute<Row[]>(
      `select 1 from group_membership gm
         join person pupil on pupil.id = gm.person_id and pupil.security_marking = 'Ingen'
         join guardianship gs on gs.pupil_id = pupil.id
         join person guardian on guardian.id = gs.guardian_id and guardian.security_marking = 'Ingen'
        where gm.group_id = ? and guardian.id = ? limit 1`,
      [groupId, guardianId],
    );
    return rows.length > 0;
  }

  /** The classes (Klass) a pupil is in now, for links to their class lists. */
  async findCurrentClasses(
    pupilIds: readonly string[],
  ): Promise<Map<string, { id: string; name: string }>> {
    if (pupilIds.length === 0) {
      return new Map();
    }
    const rows = await this.em.fork().execute<Row[]>(
      `select gm.person_id, g.id, g.name from group_membership gm join student_group g on g.id = gm.group_id
        where gm.person_id = any(?::uuid[]) and g.group_type = 'Klass' and (g.end_date is null or g.end_date >= ${TODAY})`,
      [uuidArray(pupilIds)],
    );
    return new Map(
      rows.map((row) => [String(row.person_id), { id: String(row.id), name: String(row.name) }]),
    );
  }
}

function contactOf(row: Row): ProfileInput {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    streetAddress: text(row.street_address),
    postalCode: text(row.postal_code),
    city: text(row.city),
    phone: text(row.phone),
    mobile: text(row.mobile),
    email: text(row.email),
  };
}
