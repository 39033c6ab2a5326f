import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { stockholmToday } from '../common/stockholm';
import { registeredRecords } from '../records/record-joins';
import type { RequestsTables } from './requests.entities';
import { countStruckPassages } from './struck-passages';

/**
 * A copy of a pupil's plan record that went out in a records request: the decision, how many
 * passages it struck and the day — nothing of the request (who asked, what, its number).
 */
export interface RecordRelease {
  readonly releasedOn: string;
  readonly decision: 'release' | 'release_with_redactions';
  readonly struckPassages: number;
}

/**
 * The copies of a pupil's records that were released, for the log the pupil and their
 * guardians see ("Vem har läst planen"). A copy went out when its record was released in
 * a batch (`delivered_at` on the item) or when the request was delivered while the copy
 * was current (the first `delivered` event after the copy was made and before a new
 * decision replaced it). A copy made for a decision that was reconsidered before delivery
 * never went out and is not listed.
 */
@Injectable()
export class RecordReleasesQueries {
  constructor(private readonly em: EntityManager) {}

  async findReleasesOfPupil(pupilId: string): Promise<RecordRelease[]> {
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request_document as d')
      .innerJoin('records_request_item as i', 'i.id', 'd.item_id')
      .innerJoin(registeredRecords().as('r'), 'r.id', 'i.record_id')
      .select((eb) => [
        'i.decision',
        'i.redactions',
        eb.fn
          .coalesce(
            'i.delivered_at',
            eb
              .selectFrom('records_request_event as e')
              .select((inner) => inner.fn.min('e.occurred_at').as('first'))
              .whereRef('e.request_id', '=', 'd.request_id')
              .where('e.kind', '=', 'delivered')
              .whereRef('e.occurred_at', '>=', 'd.created_at')
              .where((inner) =>
                inner.or([
                  inner('d.superseded_at', 'is', null),
                  inner('e.occurred_at', '<', inner.ref('d.superseded_at')),
                ]),
              ),
          )
          .as('released_at'),
      ])
      .where('r.pupil_id', '=', pupilId)
      .where('d.kind', '=', 'copy')
      .where('i.decision', 'in', ['release', 'release_with_redactions'])
      .orderBy(sql`released_at`, 'desc')
      .orderBy('d.id')
      .execute();
    return rows.flatMap((row) =>
      row.released_at === null
        ? []
        : [
            {
              releasedOn: stockholmToday(new Date(row.released_at)),
              decision: row.decision as RecordRelease['decision'],
              struckPassages:
                row.decision === 'release_with_redactions'
                  ? countStruckPassages(row.redactions)
                  : 0,
            },
          ],
    );
  }
}
