import { EntityName, type Opt } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/decorators/legacy';

import type { TablesOf } from '../database/kysely';
import { Person } from '../directory/directory.entities';

/** The only photo format kept: photos are re-encoded as JPEG on upload. */
export const PHOTO_CONTENT_TYPES = ['image/jpeg'] as const;

/** What a person entered about themself. Imports never write here. */
@Entity({ tableName: 'self_contact' })
export class SelfContact {
  [EntityName]?: 'SelfContact';

  @ManyToOne(() => Person, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'person_id',
    deleteRule: 'cascade',
  })
  personId!: string;

  @Property({ type: 'text', nullable: true })
  streetAddress!: string | null;

  @Property({ type: 'text', nullable: true })
  postalCode!: string | null;

  @Property({ type: 'text', nullable: true })
  city!: string | null;

  @Property({ type: 'text', nullable: true })
  phone!: string | null;

  @Property({ type: 'text', nullable: true })
  mobile!: string | null;

  @Property({ type: 'text', nullable: true })
  email!: string | null;

  @Property({ type: 'blob', nullable: true })
  photo!: Buffer | null;

  @Enum({ items: [...PHOTO_CONTENT_TYPES], type: 'text', nullable: true })
  photoContentType!: (typeof PHOTO_CONTENT_TYPES)[number] | null;

  @Property({ type: 'Date', nullable: true })
  photoUpdatedAt!: Date | null;

  @Property({ type: 'Date' })
  updatedAt!: Date;

  /** What the class list shows besides the name, as the person chose (default: nothing). */
  @Property({ type: 'boolean', default: false })
  showsAddress: Opt<boolean> = false;

  @Property({ type: 'boolean', default: false })
  showsPhone: Opt<boolean> = false;

  @Property({ type: 'boolean', default: false })
  showsMobile: Opt<boolean> = false;

  @Property({ type: 'boolean', default: false })
  showsEmail: Opt<boolean> = false;

  @Property({ type: 'boolean', default: false })
  showsPhoto: Opt<boolean> = false;

  /** The day the guardian was e-mailed that these details go (their last child had left). */
  @Property({ type: 'date', nullable: true })
  disposalNoticeOn!: string | null;
}

export const GUARDIANS_ENTITIES = [SelfContact];

export type GuardiansTables = TablesOf<typeof SelfContact>;
