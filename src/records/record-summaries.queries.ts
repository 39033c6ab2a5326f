import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { ConfidentialityMarking } from './confidentiality';
import type { RecordsTables } from './records.entities';

/** What another module shows of a registered record. */
export interface RecordSummary {
  readonly registrationNumber: string;
  readonly title: string;
  /** The sekretessmarkering with its date, who set it and review date; null when unmarked. */
  readonly marking: ConfidentialityMarking | null;
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
        'confidentiality_marked_on',
        'confidentiality_marked_by_account_id',
        'confidentiality_review_on',
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
          // public_record_confidentiality_marked_on_check: a marking always has its date.
          marking:
            row.confidentiality_marking !== null && row.confidentiality_marked_on !== null
              ? {
                  provision: row.confidentiality_marking,
                  markedOn: row.confidentiality_marked_on,
                  markedByAccountId: row.confidentiality_marked_by_account_id,
                  reviewOn: row.confidentiality_review_on,
                }
              : null,
          pupilId: row.pupil_id,
          schoolUnitId: row.school_unit_id,
        },
      ]),
    );
  }
}
