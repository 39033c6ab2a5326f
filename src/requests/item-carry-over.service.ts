import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode, ValidationFailedError } from '../common/errors/domain-error';
import { isUuid } from '../common/uuid';
import { RequestPlans } from '../plans/request-plans.queries';
import { findRecordSource, type LoadedRecord } from '../redaction/redaction.service';
import { carryOver, compareDecisions, DecisionSource, FieldCarryOver } from './carry-over';
import { ItemDecisionsService } from './item-decisions.service';
import type { RequestsTables } from './requests.entities';
import { findItem, type ItemRow, requireReviewer } from './review-support';

/** At most this many other decisions are compared: the most recent first. */
const MAX_SOURCES = 20;

/**
 * Decisions carried over between records: what the other records of the
 * request, and other versions of the same plan decided in any request, say
 * about each field of the record under review, and carrying one over to the
 * fields whose text is unchanged. Carrying over is a decision like any
 * other: it goes through `ItemDecisionsService.decideItem` (its rules, the
 * leak check, the version check and the audit entry, which names the source).
 */
@Injectable()
export class ItemCarryOverService {
  constructor(
    private readonly em: EntityManager,
    private readonly decisions: ItemDecisionsService,
    private readonly plans: RequestPlans,
  ) {}

  /** Field by field, the other decisions about the record under review (empty for a draft). */
  async compareItem(actor: Actor, requestId: string, itemId: string): Promise<FieldCarryOver[]> {
    requireReviewer(actor);
    const em = this.em.fork();
    const item = await findItem(em, requestId, itemId);
    const target = item.record_id ? await findRecordSource(em, item.record_id) : null;
    if (!target) {
      return [];
    }
    const sources = await this.findSources(em, requestId, item);
    return compareDecisions({ document: target.document, redactions: item.redactions }, sources);
  }

  /**
   * Carries the source item's decision over to these fields of the record
   * under review (`unchanged`: every field whose text is unchanged and whose
   * decision differs). The record's redactions on those fields become the
   * source's; the decision follows (released with redactions when any are
   * left, else released), with the record's own reasons or else the
   * source's. Returns how many fields were carried.
   */
  async carryOverDecision(
    actor: Actor,
    requestId: string,
    itemId: string,
    input: { fromItemId: string; fields: readonly string[] | 'unchanged'; version: number },
  ): Promise<number> {
    requireReviewer(actor);
    const em = this.em.fork();
    const item = await findItem(em, requestId, itemId);
    const target = item.record_id ? await findRecordSource(em, item.record_id) : null;
    if (!target) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Ett utkast är ingen allmän handling; det finns inget beslut att föra över till det.',
      );
    }
    if (item.decision === 'refuse') {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Handlingen är beslutad att inte lämnas ut. Ändra det beslutet först om delar av den ska lämnas ut.',
      );
    }
    const sources = await this.findSources(em, requestId, item);
    const source = isUuid(input.fromItemId)
      ? sources.find((each) => each.itemId === input.fromItemId)
      : undefined;
    if (!source || source.decision === 'refuse') {
      throw new ValidationFailedError([
        {
          field: 'fromItemId',
          problems: ['Det finns inget beslut om delar av den handlingen att föra över.'],
        },
      ]);
    }
    const own = { document: target.document, redactions: item.redactions };
    const fieldIds =
      input.fields === 'unchanged'
        ? compareDecisions(own, [source])
            .filter((field) => field.sources.some((each) => each.unchanged && each.differs))
            .map((field) => field.fieldId)
        : input.fields;
    const result = carryOver(own, source, fieldIds);
    if (result.carried.length === 0) {
      throw new ValidationFailedError([
        {
          field: 'fieldId',
          problems: [
            'Texten har ändrats sedan beslutet, eller besluten är redan lika. Pröva fältet på nytt.',
          ],
        },
      ]);
    }
    await this.decisions.decideItem(
      actor,
      requestId,
      itemId,
      {
        decision: result.redactions.length > 0 ? 'release_with_redactions' : 'release',
        redactions: result.redactions,
        refusalGround: null,
        reasons: result.redactions.length > 0 ? (item.reasons ?? source.reasons) : item.reasons,
        concernedParty: item.concerned_party,
        version: input.version,
      },
      {
        carriedFrom: source.registrationNumber,
        carriedFromRequest: source.requestRegistrationNumber,
        carriedFields: result.carried.join(' '),
      },
    );
    return result.carried.length;
  }

  /**
   * The decided records to compare with: the request's other records, and
   * the versions of the same plan decided in other requests (each record's
   * latest decision per request), most recent first.
   */
  private async findSources(
    em: EntityManager,
    requestId: string,
    item: ItemRow,
  ): Promise<DecisionSource[]> {
    const versions = item.record_id ? await this.plans.versionRecordIds(em, item.record_id) : [];
    const rows = await em
      .getKysely<RequestsTables>()
      .selectFrom('records_request_item as i')
      .innerJoin('records_request as r', 'r.id', 'i.request_id')
      .select([
        'i.id',
        'i.request_id',
        'i.record_id',
        'i.decision',
        'i.redactions',
        'i.reasons',
        'r.registration_number',
      ])
      .where('i.id', '<>', item.id)
      .where('i.record_id', 'is not', null)
      .where('i.decision', 'in', ['release', 'release_with_redactions', 'refuse'])
      .where((eb) =>
        versions.length === 0
          ? eb('i.request_id', '=', requestId)
          : eb.or([eb('i.request_id', '=', requestId), eb('i.record_id', 'in', versions)]),
      )
      .orderBy('i.decided_at', 'desc')
      .orderBy('i.id')
      .limit(MAX_SOURCES)
      .execute();
    const documents = new Map<string, LoadedRecord | null>();
    const sources: DecisionSource[] = [];
    for (const row of rows) {
      if (!row.record_id || !row.decision) {
        continue;
      }
      if (!documents.has(row.record_id)) {
        documents.set(row.record_id, await findRecordSource(em, row.record_id));
      }
      const record = documents.get(row.record_id);
      if (record) {
        sources.push({
          itemId: row.id,
          requestRegistrationNumber: row.registration_number,
          sameRequest: row.request_id === requestId,
          registrationNumber: record.document.registrationNumber,
          decision: row.decision,
          redactions: row.redactions,
          reasons: row.reasons,
          document: record.document,
        });
      }
    }
    return sources;
  }
}
