import { EntityName, type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { TablesOf } from '../database/kysely';
import { RecordsRequest } from '../requests/requests.entities';

/**
 * The e-mail outbox: written in the transaction of what it tells about, sent
 * by the queue, and the body wiped once sent.
 */
@Entity({ tableName: 'email_outbox' })
@Index({ name: 'email_outbox_unsent_idx', properties: ['createdAt'], where: 'sent_at is null' })
@Index({ name: 'email_outbox_request_idx', properties: ['requestId'] })
export class EmailOutbox {
  [EntityName]?: 'EmailOutbox';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => RecordsRequest, {
    mapToPk: true,
    joinColumn: 'request_id',
    nullable: true,
    deleteRule: 'cascade',
  })
  requestId!: string | null;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  toAddress!: string;

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text', nullable: true })
  body!: string | null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date', nullable: true })
  sentAt!: Date | null;

  @Property({ type: 'integer', default: 0 })
  attempts!: Opt<number>;

  @Property({ type: 'text', nullable: true })
  lastError!: string | null;

  /** When a send began: a send whose outcome is unknown is never made again. */
  @Property({ type: 'Date', nullable: true })
  sendStartedAt!: Date | null;
}

export const EMAIL_ENTITIES = [EmailOutbox];

export type EmailTables = TablesOf<typeof EmailOutbox>;
