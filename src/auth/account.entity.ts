import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/** A login for one person. Passwords are argon2id hashes; null means no password login. */
@Entity({ tableName: 'account' })
export class Account {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  @Unique()
  personId!: string;

  @Property({ type: 'text' })
  @Unique()
  username!: string;

  @Property({ type: 'text', nullable: true, hidden: true })
  passwordHash!: string | null;

  @Property({ type: 'integer' })
  failedLoginCount = 0;

  @Property({ type: 'Date', nullable: true })
  lockedUntil!: Date | null;

  @Property({ type: 'Date', nullable: true })
  lastLoginAt!: Date | null;

  @Property({ type: 'boolean' })
  isDisabled = false;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}
