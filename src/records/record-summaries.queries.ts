import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { RecordsTables } from './records.entities';

/** What another module shows of a registered record. */
export interface RecordSummary {
  readonly registrationNumber: string;
  readonly title: string;
  readonly confidentialityMarking: string | null;
  readonly pupilId: string;
  readonly schoolUnitId: string;
}

/** Records by id for other modules' pages: one query per set of ids. */
@Injectable()
export class RecordSummariesQueries {
  constructor(private readonly em: EntityManager) {}

  async findSummaries(recordIds: readonly string[]): Promise<Map<string, RecordSummary>> {
    const unique = [...new Set(recordIds)];
    if (unique.length === 0) {
      return new Map();
    }
    const rows = await this.em
      .fork()
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select([
        'id',
        'registration_number',
        'title',
        'confidentiality_marking',
        'pupil_id',
        'school_unit_id',
      ])
      .where('id', 'in', unique)
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          registrationNumber: row.registration_number,
          title: row.title,
          confidentialityMarking: row.confidentiality_marking,
          pupilId: row.pupil_id,
          schoolUnitId: row.school_unit_id,
        },
      ]),
    );
  }
}
