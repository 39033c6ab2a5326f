import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { findRecordSource } from '../redaction/redaction.service';
import {
  DecisionConflict,
  findDecisionConflicts,
  inconsistentDecisionsError,
} from './decision-consistency';
import type { RequestsTables } from './requests.entities';

/**
 * Reads a request's decided records with their frozen text and finds where
 * the decisions disagree (decision-consistency.ts): the request page shows
 * the conflicts, and completing the decision needs a reason while any remain.
 */
@Injectable()
export class DecisionConsistencyQueries {
  /** The conflicts among the request's decided records, in the order the records were added. */
  async findConflicts(em: EntityManager, requestId: string): Promise<DecisionConflict[]> {
    const items = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item')
      .select(['record_id', 'decision', 'redactions'])
      .where('request_id', '=', requestId)
      .where('record_id', 'is not', null)
      .where('decision', 'in', ['release', 'release_with_redactions'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    // Nothing struck anywhere: nothing can disagree, and no record needs reading.
    if (!items.some((item) => item.decision === 'release_with_redactions')) {
      return [];
    }
    const records = [];
    for (const item of items) {
      const source = item.record_id ? await findRecordSource(em, item.record_id) : null;
      if (source) {
        records.push({
          registrationNumber: source.document.registrationNumber,
          decision: item.decision,
          redactions: item.redactions,
          document: source.document,
        });
      }
    }
    return findDecisionConflicts(records);
  }

  /**
   * The conflicts, when the reviewer gave a reason for them (`consistencyReasonInput`: trimmed,
   * null when none); without one, the error that lists them (to the reviewer only: it quotes the
   * struck text). Completing and its preview ask the same.
   */
  async requireReason(
    em: EntityManager,
    requestId: string,
    reason: string | null,
  ): Promise<DecisionConflict[]> {
    const conflicts = await this.findConflicts(em, requestId);
    if (conflicts.length > 0 && reason === null) {
      throw inconsistentDecisionsError(conflicts);
    }
    return conflicts;
  }
}
