import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { auditActor } from '../auth/actor';
import { stockholmToday } from '../common/stockholm';
import { RecordSearchQueries } from '../plans/record-search.queries';
import {
  criteriaKinds,
  isEmptySearch,
  parseRecordSearch,
  RECORD_SEARCH_LIMIT,
  type RecordSearchCriteria,
} from './record-search';
import { ArchivistHolds } from './archivist-holds';
import { RequestHoldsQueries } from './request-holds.queries';
import { findRequestRow } from './request-lookup';
import type { RequestsTables } from './requests.entities';
import { requireReviewer } from './review-support';

/** One record found, in data; the page and the API word it (views/record-search.view.ts). */
export interface RecordSearchHit {
  readonly recordId: string;
  readonly registrationNumber: string;
  readonly pupilName: string;
  /** The pupil has protected identity (securityMarking other than "Ingen"). */
  readonly protectedIdentity: boolean;
  readonly schoolUnitName: string;
  readonly period: string;
  readonly version: number;
  /** The Swedish day the version was established. */
  readonly establishedOn: string;
  /** The sekretessmarkering's provision; null when unmarked. */
  readonly marking: string | null;
  /** Held from disposal on today's date by a request or appeal naming it. */
  readonly held: boolean;
  /** Held from disposal by the archivist (a hold placed and not lifted). */
  readonly heldByArchivist: boolean;
  /** Already one of the given request's records. */
  readonly inRequest: boolean;
}

export interface RecordSearchResult {
  readonly criteria: RecordSearchCriteria;
  readonly hits: readonly RecordSearchHit[];
  /** More records match than are shown: the reviewer narrows the search. */
  readonly more: boolean;
  /** The request a result may be added to, when the search was opened from one. */
  readonly request: {
    readonly id: string;
    readonly registrationNumber: string;
    /** Records can be added now (received or in review), as the request page offers it. */
    readonly acceptsRecords: boolean;
  } | null;
}

/**
 * The reviewers' record search: any established plan version in the registry,
 * by pupil name (fuzzy), civic number, school, period or registration number.
 * Reviewers only (others: not found), and every search that reads pupil data
 * is audited, one entry per pupil shown.
 */
@Injectable()
export class RecordSearchService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly search: RecordSearchQueries,
    private readonly holds: RequestHoldsQueries,
    private readonly archivistHolds: ArchivistHolds,
  ) {}

  async searchRecords(
    actor: Actor,
    text: string,
    requestId: string | null,
  ): Promise<RecordSearchResult> {
    requireReviewer(actor);
    const em = this.em.fork();
    const requestRow = requestId ? await findRequestRow(em, requestId) : null;
    const request = requestRow
      ? {
          id: requestRow.id,
          registrationNumber: requestRow.registration_number,
          acceptsRecords: requestRow.status === 'received' || requestRow.status === 'in_review',
        }
      : null;
    const criteria = parseRecordSearch(text);
    if (isEmptySearch(criteria)) {
      return { criteria, hits: [], more: false, request };
    }
    const rows = await this.search.search(criteria, RECORD_SEARCH_LIMIT + 1);
    const shown = rows.slice(0, RECORD_SEARCH_LIMIT);
    const recordIds = shown.map((row) => row.recordId);
    const today = stockholmToday(new Date());
    const [held, archivistHolds, inRequest] = await Promise.all([
      this.holds.findOpenRequestsNaming(em, recordIds, today),
      this.archivistHolds.heldByArchivist(em, recordIds),
      request && recordIds.length > 0
        ? em
            .getKysely<RequestsTables>()
            .selectFrom('records_request_item')
            .select('record_id')
            .where('request_id', '=', request.id)
            .where('record_id', 'in', recordIds)
            .execute()
        : Promise.resolve([]),
    ]);
    const heldIds = new Set(held.map((naming) => naming.recordId));
    const inRequestIds = new Set(inRequest.map((row) => row.record_id));
    const hits = shown.map((row): RecordSearchHit => ({
      recordId: row.recordId,
      registrationNumber: row.registrationNumber,
      pupilName: row.pupilName,
      protectedIdentity: row.securityMarking !== 'Ingen',
      schoolUnitName: row.schoolUnitName,
      period: row.period,
      version: row.version,
      establishedOn: stockholmToday(new Date(row.establishedAt)),
      marking: row.marking,
      held: heldIds.has(row.recordId),
      heldByArchivist: archivistHolds.has(row.recordId),
      inRequest: inRequestIds.has(row.recordId),
    }));
    await this.auditSearch(actor, criteria, shown, request?.id ?? null);
    return { criteria, hits, more: rows.length > RECORD_SEARCH_LIMIT, request };
  }

  /**
   * A search shows pupils' data: one entry per pupil shown, so "who saw this pupil's data"
   * finds it, with the records shown. The kinds of what was searched are kept, never the
   * text (it may be a civic number); a search that found nothing is one entry.
   */
  private async auditSearch(
    actor: Actor,
    criteria: RecordSearchCriteria,
    shown: readonly { registrationNumber: string; pupilId: string }[],
    requestId: string | null,
  ): Promise<void> {
    const byPupil = new Map<string, string[]>();
    for (const row of shown) {
      byPupil.set(row.pupilId, [...(byPupil.get(row.pupilId) ?? []), row.registrationNumber]);
    }
    const criteriaUsed = criteriaKinds(criteria);
    await this.em.fork().transactional(async (em) => {
      if (byPupil.size === 0) {
        await this.audit.record(em, {
          action: 'record.search.read',
          actor: auditActor(actor),
          targetType: requestId ? 'records_request' : null,
          targetId: requestId,
          details: { criteria: criteriaUsed, registrationNumbers: [] },
        });
        return;
      }
      for (const [pupilId, registrationNumbers] of byPupil) {
        await this.audit.record(em, {
          action: 'record.search.read',
          actor: auditActor(actor),
          pupilId,
          targetType: requestId ? 'records_request' : null,
          targetId: requestId,
          details: { criteria: criteriaUsed, registrationNumbers },
        });
      }
    });
  }
}
