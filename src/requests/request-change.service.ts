import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { nextStatus, publicStatus, RequestAction } from './request-lifecycle';
import type { RequestsTables } from './requests.entities';
import { jsonb, lockRequest, RequestRow, requireReviewer } from './review-support';

/** What a change writes to the request's history and the audit log. */
export interface ChangeEvent {
  readonly kind: string;
  readonly details: Record<string, string | number | null>;
}

/**
 * Who makes the change: a reviewer (checked), or the requester through the
 * status page with the receipt code (anonymous: no account, no person).
 */
export type ChangeActor = Actor | 'requester';

/** The change itself, inside the transaction, with the locked request row. */
export type ApplyChange = (em: EntityManager, now: Date, row: RequestRow) => Promise<ChangeEvent>;

/**
 * The one path for every state change of a request, whichever use case
 * makes it: in one transaction the row locked, the transition checked
 * against the state machine, the change, an event in the request's history
 * and an audit entry.
 */
@Injectable()
export class RequestChangeService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
  ) {}

  async change(
    actor: ChangeActor,
    requestId: string,
    action: RequestAction,
    apply: ApplyChange,
  ): Promise<void> {
    if (actor !== 'requester') {
      requireReviewer(actor);
    }
    await this.em.fork().transactional(async (em) => {
      const row = await lockRequest(em, requestId);
      const status = row.status;
      const next = nextStatus(status, action);
      if (next === null) {
        throw new DomainError(
          ErrorCode.InvalidState,
          `Det går inte i det här läget: begäran är ${publicStatus(status).label.toLowerCase()}.`,
        );
      }
      const now = new Date();
      const event = await apply(em, now, row);
      // The new status and the history's event in one statement (a data-modifying CTE).
      await em
        .getKysely<RequestsTables>()
        .with('changed', (db) =>
          db
            .updateTable('records_request')
            .set((eb) => ({ status: next, version: eb('version', '+', 1), updated_at: now }))
            .where('id', '=', requestId)
            .returning('id'),
        )
        .insertInto('records_request_event')
        .values({
          request_id: requestId,
          occurred_at: now,
          kind: event.kind,
          actor_account_id: actor === 'requester' ? null : actor.accountId,
          details: jsonb({ ...event.details, from: status, to: next }),
        })
        .execute();
      await this.audit.record(em, {
        action: `records_request.${event.kind}`,
        actor: actor === 'requester' ? { accountId: null, personId: null } : auditActor(actor),
        targetType: 'records_request',
        targetId: requestId,
        details: {
          registrationNumber: row.registration_number,
          ...event.details,
          status: next,
        },
      });
    });
  }
}
