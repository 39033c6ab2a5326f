import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { JsonObject } from '../database/kysely';
import type { Redaction } from '../redaction/apply-redactions';
import type { Channel, Decision, DeliveryMethod, RequestStatus } from './request-lifecycle';
import type { RequestsTables } from './requests.entities';

/** A request as the demo has it when it starts: filed, registered, and as far as its status says. */
export interface DemoRecordsRequest {
  readonly id: string;
  readonly registrationNumber: string;
  readonly receiptCodeHash: string;
  readonly channel: Channel;
  readonly receivedOn: string;
  readonly receivedAt: Date;
  readonly description: string;
  readonly pupilName: string | null;
  readonly delivery: DeliveryMethod;
  readonly contactName: string | null;
  readonly contactEmail: string | null;
  readonly postalAddress: string | null;
  readonly status: RequestStatus;
  readonly assigneeAccountId: string | null;
  readonly registeredByAccountId: string | null;
  readonly forwardedByAccountId: string | null;
  readonly firstActionDue: string;
  readonly decisionDue: string;
  readonly firstActionAt: Date | null;
  readonly processedAt: Date;
  readonly clarificationQuestion: string | null;
  readonly clarificationAskedOn: string | null;
  readonly decidedAt: Date | null;
  readonly createdAt: Date;
}

/** What happened to a demo request after it was filed. */
export interface DemoRequestChanges {
  readonly deliveredAt?: Date;
  readonly invoiceConsentAt?: Date;
  readonly viewingAt?: Date;
  readonly viewingPlace?: string;
  readonly decisionDue?: string;
  readonly extensionNotice?: string;
}

/** A record (or a draft plan) the request names, matched at intake, and its decision if made. */
export interface DemoRequestItem {
  readonly requestId: string;
  readonly kind: 'record' | 'draft';
  readonly recordId: string | null;
  readonly planId: string | null;
  readonly decision: Decision | null;
  readonly redactions: readonly Redaction[];
  readonly refusalGround: string | null;
  readonly reasons: string | null;
  readonly decidedByAccountId: string | null;
  readonly decidedAt: Date | null;
  readonly createdAt: Date;
}

/**
 * The requests' part of the demo municipality (src/demo): requests in every
 * state written as they stand, with their history, items, notes and the
 * reviewers' notices. The letters and copies of a decided one are made by
 * `storeDecisionDocuments`, as a real decision makes them. In the caller's transaction.
 */
export class RequestDemoSeedWriter {
  async insertRequest(em: EntityManager, request: DemoRecordsRequest): Promise<void> {
    await em
      .getKysely<RequestsTables>()
      .insertInto('records_request')
      .values({
        id: request.id,
        registration_number: request.registrationNumber,
        receipt_code_hash: request.receiptCodeHash,
        channel: request.channel,
        received_on: request.receivedOn,
        received_at: request.receivedAt,
        description: request.description,
        pupil_name: request.pupilName,
        school: null,
        period: null,
        delivery: request.delivery,
        contact_name: request.contactName,
        contact_email: request.contactEmail,
        contact_phone: null,
        postal_address: request.postalAddress,
        status: request.status,
        assignee_account_id: request.assigneeAccountId,
        registered_by_account_id: request.registeredByAccountId,
        forwarded_by_account_id: request.forwardedByAccountId,
        first_action_due: request.firstActionDue,
        decision_due: request.decisionDue,
        first_action_at: request.firstActionAt,
        processed_at: request.processedAt,
        clarification_question: request.clarificationQuestion,
        clarification_asked_on: request.clarificationAskedOn,
        decided_at: request.decidedAt,
        created_at: request.createdAt,
        updated_at: request.createdAt,
        fee_kr: null,
        delivered_at: null,
        invoice_consent_at: null,
        payment: null,
        viewing_at: null,
        viewing_place: null,
        extension_notice: null,
        alerts_scheduled_for: null,
      })
      .execute();
  }

  async updateRequest(
    em: EntityManager,
    requestId: string,
    changes: DemoRequestChanges,
  ): Promise<void> {
    await em
      .getKysely<RequestsTables>()
      .updateTable('records_request')
      .set({
        delivered_at: changes.deliveredAt,
        invoice_consent_at: changes.invoiceConsentAt,
        viewing_at: changes.viewingAt,
        viewing_place: changes.viewingPlace,
        decision_due: changes.decisionDue,
        extension_notice: changes.extensionNotice,
      })
      .where('id', '=', requestId)
      .execute();
  }

  /** An event in the request's history, by no one in particular. */
  async insertEvent(
    em: EntityManager,
    event: {
      readonly requestId: string;
      readonly occurredAt: Date;
      readonly kind: string;
      readonly details: JsonObject;
    },
  ): Promise<void> {
    await em
      .getKysely<RequestsTables>()
      .insertInto('records_request_event')
      .values({
        request_id: event.requestId,
        occurred_at: event.occurredAt,
        kind: event.kind,
        actor_account_id: null,
        details: sql<JsonObject>`${JSON.stringify(event.details)}::jsonb`,
      })
      .execute();
  }

  async insertItem(em: EntityManager, item: DemoRequestItem): Promise<void> {
    await em
      .getKysely<RequestsTables>()
      .insertInto('records_request_item')
      .values({
        id: randomUUID(),
        request_id: item.requestId,
        record_id: item.recordId,
        plan_id: item.planId,
        kind: item.kind,
        source: 'matched',
        decision: item.decision,
        redactions: sql<readonly Redaction[]>`${JSON.stringify(item.redactions)}::jsonb`,
        refusal_ground: item.refusalGround,
        reasons: item.reasons,
        decided_by_account_id: item.decidedByAccountId,
        decided_at: item.decidedAt,
        created_at: item.createdAt,
      })
      .execute();
  }

  /** The request's items decided for release (with or without redactions), with their redactions. */
  async findReleasedItems(
    em: EntityManager,
    requestId: string,
  ): Promise<{ id: string; recordId: string; redactions: readonly Redaction[] }[]> {
    const rows = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item')
      .select(['id', 'record_id', 'redactions'])
      .where('request_id', '=', requestId)
      .where('decision', 'in', ['release', 'release_with_redactions'])
      .execute();
    return rows.flatMap((row) =>
      row.record_id === null
        ? []
        : [{ id: row.id, recordId: row.record_id, redactions: row.redactions }],
    );
  }

  async insertNote(
    em: EntityManager,
    note: {
      readonly requestId: string;
      readonly authorAccountId: string | null;
      readonly text: string;
      readonly createdAt: Date;
    },
  ): Promise<void> {
    await em
      .getKysely<RequestsTables>()
      .insertInto('records_request_note')
      .values({
        id: randomUUID(),
        request_id: note.requestId,
        author_account_id: note.authorAccountId,
        text: note.text,
        created_at: note.createdAt,
      })
      .execute();
  }

  /** One unread notice of the kind per account. */
  async notify(
    em: EntityManager,
    notice: {
      readonly requestId: string;
      readonly accountIds: readonly string[];
      readonly kind: string;
      readonly createdAt: Date;
    },
  ): Promise<void> {
    if (notice.accountIds.length === 0) {
      return;
    }
    await em
      .getKysely<RequestsTables>()
      .insertInto('staff_notification')
      .values(
        notice.accountIds.map((accountId) => ({
          id: randomUUID(),
          account_id: accountId,
          request_id: notice.requestId,
          kind: notice.kind,
          created_at: notice.createdAt,
          read_at: null,
        })),
      )
      .execute();
  }
}
