import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { RecordsTables } from './records.entities';

/** What a request shows and prints of a record it names. */
export interface RequestedRecord {
  readonly id: string;
  readonly registrationNumber: string;
  readonly title: string;
  readonly pupilId: string;
}

/**
 * The registry's answers to the requests module: a record found by its
 * registration number, and the registration numbers, titles and pupils of
 * the records a request names. In the caller's transaction.
 */
@Injectable()
export class RequestRecords {
  /** The record with this registration number (as written, already normalised by the caller). */
  async findIdByRegistrationNumber(
    em: EntityManager,
    registrationNumber: string,
  ): Promise<string | null> {
    const record = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select('id')
      .where('registration_number', '=', registrationNumber)
      .executeTakeFirst();
    return record?.id ?? null;
  }

  /** The records with these ids, by id; an id without a record is left out. */
  async describe(
    em: EntityManager,
    recordIds: readonly string[],
  ): Promise<Map<string, RequestedRecord>> {
    const ids = [...new Set(recordIds)];
    if (ids.length === 0) {
      return new Map();
    }
    const rows = await em
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select(['id', 'registration_number', 'title', 'pupil_id'])
      .where('id', 'in', ids)
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          registrationNumber: row.registration_number,
          title: row.title,
          pupilId: row.pupil_id,
        },
      ]),
    );
  }
}
