import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { channelLabel, deliveryLabel, publicStatus } from './request-lifecycle';
import type { RequestsTables } from './requests.entities';

/** A request filed under the person's own name (signed in), as their register extract lists it. */
export interface RequestFiledBy {
  readonly registrationNumber: string;
  readonly receivedOn: string;
  readonly channel: string;
  readonly description: string;
  readonly concerningPupilId: string | null;
  readonly pupilName: string | null;
  readonly delivery: string;
  readonly contactName: string | null;
  readonly contactEmail: string | null;
  readonly contactPhone: string | null;
  readonly postalAddress: string | null;
  readonly status: string;
  readonly decidedAt: string | null;
  readonly deliveredAt: string | null;
}

/**
 * Requests a person filed under their own name: those that keep the signed-in requester
 * (`requester_person_id`). Anonymous requests name nobody and are never tied to a person.
 */
@Injectable()
export class RequesterRequestsQueries {
  constructor(private readonly em: EntityManager) {}

  async findRequestsFiledBy(personId: string): Promise<RequestFiledBy[]> {
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select([
        'registration_number',
        sql<string>`received_on::text`.as('received_on'),
        'channel',
        'description',
        'concerning_pupil_id',
        'pupil_name',
        'delivery',
        'contact_name',
        'contact_email',
        'contact_phone',
        'postal_address',
        'status',
        'closure',
        'forwarded_to',
        'decided_at',
        'delivered_at',
      ])
      .where('requester_person_id', '=', personId)
      .orderBy('received_at')
      .execute();
    return rows.map((row) => ({
      registrationNumber: row.registration_number,
      receivedOn: row.received_on,
      channel: channelLabel(row.channel),
      description: row.description,
      concerningPupilId: row.concerning_pupil_id,
      pupilName: row.pupil_name,
      delivery: deliveryLabel(row.delivery),
      contactName: row.contact_name,
      contactEmail: row.contact_email,
      contactPhone: row.contact_phone,
      postalAddress: row.postal_address,
      status: publicStatus(
        row.status,
        row.closure ? { kind: row.closure, forwardedTo: row.forwarded_to } : null,
      ).label,
      decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
      deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
    }));
  }
}
