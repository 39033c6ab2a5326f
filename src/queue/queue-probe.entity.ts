import { EntityName, type Opt } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { QueueBackendKind } from '../config/app-config';
import type { TablesOf } from '../database/kysely';

const QUEUE_BACKENDS = ['postgres', 'redis'] as const satisfies readonly QueueBackendKind[];

/** One round trip through the queue: written when enqueued, stamped when processed. */
@Entity({ tableName: 'queue_probe' })
export class QueueProbe {
  [EntityName]?: 'QueueProbe';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'Date' })
  requestedAt!: Date;

  @Property({ type: 'Date', nullable: true })
  processedAt!: Date | null;

  @Property({ type: 'integer', default: 0 })
  processedCount: Opt<number> = 0;

  @Enum({ items: [...QUEUE_BACKENDS], type: 'text' })
  backend!: QueueBackendKind;
}

export const QUEUE_ENTITIES = [QueueProbe];

export type QueueTables = TablesOf<typeof QueueProbe>;
