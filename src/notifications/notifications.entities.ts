import { EntityName } from '@mikro-orm/core';
import { Check, Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { TablesOf } from '../database/kysely';
import { Person } from '../directory/directory.entities';

/**
 * What a guardian or a pupil can be told by e-mail, each opted into on its own:
 * a plan ready to prepare, a talk booked or moved, a plan established, a guardian's comment
 * answered. Nothing is sent to anyone who has not opted in.
 */
export const NOTIFICATION_KINDS = [
  'plan-ready',
  'talk-booked',
  'plan-established',
  'comment-answered',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/**
 * One person's opt-in to one kind of e-mail, with the address to send it to. A row exists only
 * while the person is opted in: opting out deletes it, so no address is kept for nothing.
 */
@Entity({ tableName: 'notification_preference' })
@Check({
  name: 'notification_preference_kind_check',
  expression:
    "kind = any (array['plan-ready'::text, 'talk-booked'::text, 'plan-established'::text, 'comment-answered'::text])",
})
export class NotificationPreference {
  [EntityName]?: 'NotificationPreference';

  @ManyToOne(() => Person, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'person_id',
    deleteRule: 'cascade',
  })
  personId!: string;

  @PrimaryKey({ type: 'text' })
  kind!: NotificationKind;

  @Property({ type: 'text' })
  email!: string;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

export const NOTIFICATIONS_ENTITIES = [NotificationPreference];

export type NotificationsTables = TablesOf<typeof NotificationPreference>;
