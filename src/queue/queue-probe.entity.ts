import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

import type { QueueBackendKind } from '../config/app-config';

/** One round trip through the queue: written when enqueued, stamped when processed. */
@Entity({ tableName: 'queue_probe' })
export class QueueProbe {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'Date' })
  requestedAt!: Date;

  @Property({ type: 'Date', nullable: true })
  processedAt?: Date | null;

  @Property({ type: 'integer' })
  processedCount = 0;

  @Property({ type: 'text' })
  backend!: QueueBackendKind;
}
