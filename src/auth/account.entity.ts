import { EntityName, type Opt } from '@mikro-orm/core';
import {
  Check,
  Entity,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';

import { Person } from '../directory/directory.entities';

/** A login for one person. Passwords are argon2id hashes; null means no password login. */
@Entity({ tableName: 'account' })
@Check({ name: 'account_username_check', expression: 'username = lower(username)' })
export class Account {
  [EntityName]?: 'Account';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'person_id',
    deleteRule: 'cascade',
    unique: true,
  })
  personId!: string;

  @Property({ type: 'text' })
  @Unique()
  username!: string;

  @Property({ type: 'text', nullable: true, hidden: true })
  passwordHash!: string | null;

  @Property({ type: 'integer', default: 0 })
  failedLoginCount: Opt<number> = 0;

  @Property({ type: 'Date', nullable: true })
  lockedUntil!: Date | null;

  @Property({ type: 'Date', nullable: true })
  lastLoginAt!: Date | null;

  @Property({ type: 'boolean', default: false })
  isDisabled: Opt<boolean> = false;

  /**
   * When the nightly disposal deactivated the account because its person had no duty left
   * (null otherwise); it is deleted STAFF_ACCOUNT_DELETE_DAYS later.
   */
  @Property({ type: 'Date', nullable: true })
  deactivatedAt!: Date | null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}
