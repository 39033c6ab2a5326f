import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { stockholmToday } from '../common/stockholm';
import { checkMarking } from '../records/confidentiality';
import { RecordsService } from '../records/records.service';
import { findItem, ITEM_NOT_FOUND, requireReviewer } from './review-support';

/** A reviewer's marking as a form or the API gives it: no provision removes the marking. */
export interface ItemMarkingInput {
  readonly provision: unknown;
  readonly reviewOn: unknown;
}

/**
 * A reviewer sets, changes or removes the sekretessmarkering of a record in
 * a request they review. The marking is a signal only: no decision, status or
 * deadline of the request reads it, so it may be set whatever the request's
 * status and leaves the request and its history as they are. The record's
 * own audit entry says who marked what.
 */
@Injectable()
export class ItemMarkingService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly records: RecordsService,
  ) {}

  /** Marks the item's record (dated today, by the reviewer), or with no provision unmarks it. */
  async markItem(
    actor: Actor,
    requestId: string,
    itemId: string,
    input: ItemMarkingInput,
  ): Promise<void> {
    requireReviewer(actor);
    await this.em.fork().transactional(async (em) => {
      // The item is looked up under its request: a record of another request is not found here.
      const item = await findItem(em, requestId, itemId);
      if (item.record_id === null) {
        throw new DomainError(
          ErrorCode.InvalidState,
          item.kind === 'draft'
            ? 'Det finns ingen allmän handling att markera: planen är ett utkast.'
            : 'Handlingen är gallrad och kan inte markeras.',
        );
      }
      const now = new Date();
      const marking = checkMarking(input, stockholmToday(now));
      const record = await this.records.markRecord(
        em,
        item.record_id,
        marking && { ...marking, markedByAccountId: actor.accountId },
        now,
      );
      if (!record) {
        throw new NotFoundError(ITEM_NOT_FOUND);
      }
      await this.audit.record(em, {
        action: marking ? 'record.marking.set' : 'record.marking.removed',
        actor: auditActor(actor),
        pupilId: record.pupilId,
        targetType: 'public_record',
        targetId: item.record_id,
        details: {
          registrationNumber: record.registrationNumber,
          request: requestId,
          provision: marking?.provision ?? null,
          reviewOn: marking?.reviewOn ?? null,
        },
      });
    });
  }
}
