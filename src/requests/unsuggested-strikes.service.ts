import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { isUuid } from '../common/uuid';
import { planVersionUnits } from '../plans/plan-cadence.queries';
import { countUnsuggestedPassages } from '../redaction/guard-misses';
import { RedactionService } from '../redaction/redaction.service';
import type { RequestsTables } from './requests.entities';

/** One released plan version's count of struck passages the guard did not suggest. */
export interface UnsuggestedStrikes {
  readonly schoolUnitId: string;
  /** The version's talk date: when the text was written and established. */
  readonly talkDate: string;
  readonly passages: number;
}

/**
 * Where the writing needs help: for each plan version released with redactions (its copy made
 * and not superseded), how many passages the reviewer struck that the guard would not have
 * suggested (the suggestions worked out again as the reviewer's page shows them). A record
 * released in several requests counts once, by its latest decision. Counts only: no text, no
 * pupil, no request leaves here.
 */
@Injectable()
export class UnsuggestedStrikesService {
  constructor(
    private readonly em: EntityManager,
    private readonly redaction: RedactionService,
  ) {}

  async countForUnits(schoolUnitIds: readonly string[]): Promise<UnsuggestedStrikes[]> {
    const unitIds = schoolUnitIds.filter(isUuid);
    if (unitIds.length === 0) {
      return [];
    }
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item as i')
      .innerJoin(planVersionUnits().as('pv'), 'pv.record_id', 'i.record_id')
      .select(['pv.record_id', 'i.redactions', 'pv.school_unit_id', 'pv.talk_date'])
      .where('i.decision', '=', 'release_with_redactions')
      .where('pv.school_unit_id', 'in', unitIds)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('records_request_document as d')
            .select(eb.lit(1).as('one'))
            .whereRef('d.item_id', '=', 'i.id')
            .where('d.kind', '=', 'copy')
            .where('d.superseded_at', 'is', null),
        ),
      )
      .orderBy('pv.record_id')
      .orderBy('i.decided_at', 'desc')
      .execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      if (!latest.has(row.record_id)) latest.set(row.record_id, row);
    }
    const counts: UnsuggestedStrikes[] = [];
    for (const row of latest.values()) {
      const suggested = await this.redaction.suggestedFields(row.record_id);
      if (!suggested) continue;
      counts.push({
        schoolUnitId: row.school_unit_id,
        talkDate: row.talk_date,
        passages: countUnsuggestedPassages(row.redactions, suggested.fields),
      });
    }
    return counts;
  }
}
