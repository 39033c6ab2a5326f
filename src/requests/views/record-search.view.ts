import type { RecordSearchHit, RecordSearchResult } from '../record-search.service';

/** A record found, as the search page and `GET /api/v1/records/search` show it. */
export interface RecordSearchHitView {
  readonly recordId: string;
  readonly registrationNumber: string;
  readonly pupilName: string;
  readonly schoolUnitName: string;
  readonly period: string;
  readonly version: number;
  readonly establishedOn: string;
  readonly marking: string | null;
  readonly protectedIdentity: boolean;
  readonly held: boolean;
  readonly heldByArchivist: boolean;
  readonly inRequest: boolean;
  /** The signals in Swedish, for the reviewer: never a decision. */
  readonly signals: readonly string[];
}

export interface RecordSearchView {
  readonly hits: readonly RecordSearchHitView[];
  /** More records match than are shown. */
  readonly more: boolean;
  /** What was recognised in the text, in Swedish ("Diarienummer IUP-2026-00002", "Läsår 2025/26"). */
  readonly understood: readonly string[];
  /** A civic number written that cannot be one, in Swedish; null otherwise. */
  readonly problem: string | null;
}

export function recordSignals(hit: RecordSearchHit): string[] {
  return [
    hit.marking ? `Sekretessmarkering: ${hit.marking}` : null,
    hit.protectedIdentity ? 'Skyddade personuppgifter' : null,
    hit.held ? 'Hålls från gallring: en begäran eller ett överklagande pågår' : null,
    hit.heldByArchivist ? 'Hålls från gallring av arkivarien' : null,
  ].filter((signal): signal is string => signal !== null);
}

export function toRecordSearchView(result: RecordSearchResult): RecordSearchView {
  const { criteria } = result;
  const registration = criteria.registration;
  const understood = [
    registration
      ? registration.serial === null
        ? `Diarienummer från ${registration.year}`
        : `Diarienummer ${registration.series}-${registration.year}-${String(registration.serial).padStart(5, '0')}`
      : null,
    criteria.civicNumbers.length > 0 ? 'Personnummer' : null,
    criteria.period ? `Läsår ${criteria.period}` : null,
    criteria.text ? `Namn på elev eller skola: ”${criteria.text}”` : null,
  ].filter((each): each is string => each !== null);
  return {
    hits: result.hits.map((hit) => ({
      recordId: hit.recordId,
      registrationNumber: hit.registrationNumber,
      pupilName: hit.pupilName,
      schoolUnitName: hit.schoolUnitName,
      period: hit.period,
      version: hit.version,
      establishedOn: hit.establishedOn,
      marking: hit.marking,
      protectedIdentity: hit.protectedIdentity,
      held: hit.held,
      heldByArchivist: hit.heldByArchivist,
      inRequest: hit.inRequest,
      signals: recordSignals(hit),
    })),
    more: result.more,
    understood,
    problem: criteria.civicProblem,
  };
}
