import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { sql } from 'kysely';

import type { GroupFacts } from '../auth/actor';
import { isUuid } from '../common/uuid';
import { ClassListQueries, classListPeople } from '../directory/class-list.queries';
import { ClassListChoices, NO_CLASS_LIST_CHOICES } from './class-list-choices';
import type { GuardiansTables } from './guardians.entities';
import type { ProfileInput } from './profile-input';

export interface OwnProfile extends ProfileInput {
  readonly name: string;
  readonly hasProtectedIdentity: boolean;
  readonly hasPhoto: boolean;
  /** What the class list shows besides the name, as the person chose. */
  readonly classListChoices: ClassListChoices;
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

/** A `self_contact` row with nothing given yet: what an upsert of one part inserts first. */
function noContactYet(personId: string) {
  return {
    person_id: personId,
    street_address: null,
    postal_code: null,
    city: null,
    phone: null,
    mobile: null,
    email: null,
    photo: null,
    photo_content_type: null,
    photo_updated_at: null,
    disposal_notice_on: null,
    updated_at: sql<Date>`now()`,
  };
}

/**
 * Reads of what people entered about themselves. Anyone with protected
 * identity is left out of class lists here, in SQL, so no caller can forget;
 * and an address of such a person is never selected at all.
 */
@Injectable()
export class GuardiansQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly directory: ClassListQueries,
  ) {}

  /** The e-mail address each of these people entered on /profil, where there is one. */
  async findEmails(personIds: readonly string[]): Promise<Map<string, string>> {
    const ids = personIds.filter(isUuid);
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<GuardiansTables>()
      .selectFrom('self_contact')
      .select(['person_id', 'email'])
      .where('person_id', 'in', ids)
      .where('email', 'is not', null)
      .execute();
    return new Map(rows.map((row) => [row.person_id, row.email ?? '']));
  }

  async findOwnProfile(personId: string): Promise<OwnProfile | null> {
    const person = await this.directory.findPersonIdentity(personId);
    if (!person) {
      return null;
    }
    // The address of a person with protected identity is never selected, not even for themself.
    const address = person.hasProtectedIdentity
      ? ([] as const)
      : (['c.street_address', 'c.postal_code', 'c.city'] as const);
    const contact = await this.em
      .fork()
      .getKysely<GuardiansTables>()
      .selectFrom('self_contact as c')
      .select(address)
      .select((eb) => [
        'c.phone',
        'c.mobile',
        'c.email',
        eb('c.photo', 'is not', null).$castTo<boolean>().as('has_photo'),
        'c.shows_address',
        'c.shows_phone',
        'c.shows_mobile',
        'c.shows_email',
        'c.shows_photo',
      ])
      .where('c.person_id', '=', personId)
      .executeTakeFirst();
    return {
      name: `${person.givenName} ${person.familyName}`,
      hasProtectedIdentity: person.hasProtectedIdentity,
      hasPhoto: contact?.has_photo ?? false,
      classListChoices: contact
        ? {
            address: contact.shows_address,
            phone: contact.shows_phone,
            mobile: contact.shows_mobile,
            email: contact.shows_email,
            photo: contact.shows_photo,
          }
        : NO_CLASS_LIST_CHOICES,
      ...NO_CONTACT,
      ...(contact
        ? {
            // Absent from the row when not selected.
            streetAddress: contact.street_address ?? null,
            postalCode: contact.postal_code ?? null,
            city: contact.city ?? null,
            phone: contact.phone,
            mobile: contact.mobile,
            email: contact.email,
          }
        : {}),
    };
  }

  async saveProfile(em: EntityManager, personId: string, values: ProfileInput): Promise<string[]> {
    const db = em.getKysely<GuardiansTables>();
    const before = await db
      .selectFrom('self_contact')
      .select(['street_address', 'postal_code', 'city', 'phone', 'mobile', 'email'])
      .where('person_id', '=', personId)
      .executeTakeFirst();
    await db
      .insertInto('self_contact')
      .values({
        person_id: personId,
        street_address: values.streetAddress,
        postal_code: values.postalCode,
        city: values.city,
        phone: values.phone,
        mobile: values.mobile,
        email: values.email,
        photo: null,
        photo_content_type: null,
        photo_updated_at: null,
        updated_at: sql<Date>`now()`,
        disposal_notice_on: null,
      })
      .onConflict((conflict) =>
        conflict.column('person_id').doUpdateSet((eb) => ({
          street_address: eb.ref('excluded.street_address'),
          postal_code: eb.ref('excluded.postal_code'),
          city: eb.ref('excluded.city'),
          phone: eb.ref('excluded.phone'),
          mobile: eb.ref('excluded.mobile'),
          email: eb.ref('excluded.email'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
    const previous = before ? contactOfRow(before) : null;
    return (Object.keys(values) as (keyof ProfileInput)[]).filter(
      (field) => (previous?.[field] ?? null) !== values[field],
    );
  }

  async savePhoto(em: EntityManager, personId: string, photo: Buffer | null): Promise<void> {
    await em
      .getKysely<GuardiansTables>()
      .insertInto('self_contact')
      .values({
        ...noContactYet(personId),
        photo,
        photo_content_type: photo ? 'image/jpeg' : null,
        photo_updated_at: sql<Date>`now()`,
      })
      .onConflict((conflict) =>
        conflict.column('person_id').doUpdateSet((eb) => ({
          photo: eb.ref('excluded.photo'),
          photo_content_type: eb.ref('excluded.photo_content_type'),
          photo_updated_at: sql<Date>`now()`,
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }

  /** What the class list shows besides the name: a row of its own when there was none. */
  async saveClassListChoices(
    em: EntityManager,
    personId: string,
    choices: ClassListChoices,
  ): Promise<void> {
    await em
      .getKysely<GuardiansTables>()
      .insertInto('self_contact')
      .values({
        ...noContactYet(personId),
        shows_address: choices.address,
        shows_phone: choices.phone,
        shows_mobile: choices.mobile,
        shows_email: choices.email,
        shows_photo: choices.photo,
      })
      .onConflict((conflict) =>
        conflict.column('person_id').doUpdateSet((eb) => ({
          shows_address: eb.ref('excluded.shows_address'),
          shows_phone: eb.ref('excluded.shows_phone'),
          shows_mobile: eb.ref('excluded.shows_mobile'),
          shows_email: eb.ref('excluded.shows_email'),
          shows_photo: eb.ref('excluded.shows_photo'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }

  /** A guardian's photo as a class list shows it: only when they chose to show it. */
  async findClassListPhoto(personId: string): Promise<Buffer | null> {
    if (!isUuid(personId)) {
      return null;
    }
    const row = await this.em
      .fork()
      .getKysely<GuardiansTables>()
      .selectFrom('self_contact')
      .select('photo')
      .where('person_id', '=', personId)
      .where('shows_photo', '=', true)
      .where('photo', 'is not', null)
      .executeTakeFirst();
    return row?.photo ?? null;
  }

  async findPhoto(personId: string): Promise<Buffer | null> {
    if (!isUuid(personId)) {
      return null;
    }
    const row = await this.em
      .fork()
      .getKysely<GuardiansTables>()
      .selectFrom('self_contact')
      .select('photo')
      .where('person_id', '=', personId)
      .where('photo', 'is not', null)
      .executeTakeFirst();
    return row?.photo ?? null;
  }

  async findGroupFacts(groupId: string): Promise<GroupFacts | null> {
    return this.directory.findGroupFacts(groupId);
  }

  /** The class list: only pupils and guardians without protected identity. */
  async findClassList(groupId: string): Promise<ClassList | null> {
    const group = await this.directory.findGroupHeading(groupId);
    if (!group) {
      return null;
    }
    const em = this.em.fork();
    const rows = await em
      .getKysely<GuardiansTables>()
      .selectFrom(classListPeople(em, groupId).as('m'))
      .leftJoin('self_contact as c', 'c.person_id', 'm.guardian_id')
      .select((eb) => [
        'm.pupil_id',
        'm.pupil_given',
        'm.pupil_family',
        'm.guardian_id',
        'm.guardian_given',
        'm.guardian_family',
        // Only what the guardian chose to show leaves the database; the default is the name alone.
        eb
          .case()
          .when('c.shows_address', '=', true)
          .then(eb.ref('c.street_address'))
          .end()
          .as('street_address'),
        eb
          .case()
          .when('c.shows_address', '=', true)
          .then(eb.ref('c.postal_code'))
          .end()
          .as('postal_code'),
        eb.case().when('c.shows_address', '=', true).then(eb.ref('c.city')).end().as('city'),
        eb.case().when('c.shows_phone', '=', true).then(eb.ref('c.phone')).end().as('phone'),
        eb.case().when('c.shows_mobile', '=', true).then(eb.ref('c.mobile')).end().as('mobile'),
        eb.case().when('c.shows_email', '=', true).then(eb.ref('c.email')).end().as('email'),
        eb
          .and([eb('c.photo', 'is not', null), eb('c.shows_photo', '=', true)])
          .$castTo<boolean>()
          .as('has_photo'),
      ])
      .execute();
    const pupils = new Map<
      string,
      { id: string; name: string; family: string; given: string; guardians: ClassListGuardian[] }
    >();
    for (const row of rows) {
      const pupil = pupils.get(row.pupil_id) ?? {
        id: row.pupil_id,
        name: `${row.pupil_given} ${row.pupil_family}`,
        family: row.pupil_family,
        given: row.pupil_given,
        guardians: [],
      };
      if (row.guardian_id) {
        pupil.guardians.push({
          id: row.guardian_id,
          name: `${row.guardian_given ?? ''} ${row.guardian_family ?? ''}`,
          hasPhoto: row.has_photo,
          ...contactOfRow(row),
        });
      }
      pupils.set(row.pupil_id, pupil);
    }
    const ordered = [...pupils.values()].sort(
      (a, b) => a.family.localeCompare(b.family, 'sv') || a.given.localeCompare(b.given, 'sv'),
    );
    return {
      groupId,
      name: group.name,
      schoolUnitName: group.schoolUnitName,
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
    return this.directory.isListedGuardian(groupId, guardianId);
  }

  /** The classes (Klass) a pupil is in now, for links to their class lists. */
  async findCurrentClasses(
    pupilIds: readonly string[],
  ): Promise<Map<string, { id: string; name: string }>> {
    return this.directory.findCurrentClasses(pupilIds);
  }
}

type ContactColumns = {
  readonly [Column in 'street_address' | 'postal_code' | 'city' | 'phone' | 'mobile' | 'email']:
    string | null;
};

function contactOfRow(row: ContactColumns): ProfileInput {
  return {
    streetAddress: row.street_address,
    postalCode: row.postal_code,
    city: row.city,
    phone: row.phone,
    mobile: row.mobile,
    email: row.email,
  };
}

const NO_CONTACT: ProfileInput = {
  streetAddress: null,
  postalCode: null,
  city: null,
  phone: null,
  mobile: null,
  email: null,
};
