import type { PlanRead } from '../audit/plan-reads.queries';
import { roleNameSv } from '../auth/me.view';
import { stockholmClock, stockholmToday } from '../common/stockholm';
import type { RecordRelease } from '../requests/record-releases.queries';
import { planReadWhat } from '../register-extract/extract-document';

/** Reads shown per page of the log. */
export const READS_PER_PAGE = 50;

export interface PlanAccessLogView {
  readonly pupilId: string;
  readonly pupilName: string;
  /** The reader is the pupil (else one of the pupil's guardians). */
  readonly isPupil: boolean;
  readonly reads: readonly {
    readonly when: string;
    readonly roles: string;
    readonly what: string;
  }[];
  readonly releases: readonly {
    readonly on: string;
    readonly decision: string;
    readonly struck: string;
  }[];
  readonly page: number;
  readonly pages: number;
  readonly totalReads: number;
  readonly previousPage: number | null;
  readonly nextPage: number | null;
}

/** "sida" from the query string: a whole page number, else the first page. */
export function pageOf(raw: unknown): number {
  return typeof raw === 'string' && /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : 1;
}

function swedishTime(iso: string): string {
  const instant = new Date(iso);
  return `${stockholmToday(instant)} ${stockholmClock(instant)}`;
}

function struckText(release: RecordRelease): string {
  if (release.decision === 'release') {
    return 'Inget';
  }
  return release.struckPassages === 1 ? '1 avsnitt' : `${release.struckPassages} avsnitt`;
}

/**
 * The log in words: each read with the reader's roles (never who) and the Swedish time,
 * each released copy with its decision, how many passages were struck and the day.
 */
export function planAccessLogView(input: {
  readonly pupilId: string;
  readonly pupilName: string;
  readonly isPupil: boolean;
  readonly reads: readonly PlanRead[];
  readonly totalReads: number;
  readonly releases: readonly RecordRelease[];
  readonly page: number;
}): PlanAccessLogView {
  const pages = Math.max(1, Math.ceil(input.totalReads / READS_PER_PAGE));
  return {
    pupilId: input.pupilId,
    pupilName: input.pupilName,
    isPupil: input.isPupil,
    reads: input.reads.map((read) => ({
      when: swedishTime(read.occurredAt),
      roles: read.roles.map(roleNameSv).join(', ') || 'Okänd roll',
      what: planReadWhat(read),
    })),
    releases: input.releases.map((release) => ({
      on: release.releasedOn,
      decision:
        release.decision === 'release' ? 'Utlämnad' : 'Utlämnad med delar maskerade (överstrukna)',
      struck: struckText(release),
    })),
    page: input.page,
    pages,
    totalReads: input.totalReads,
    previousPage: input.page > 1 ? Math.min(input.page - 1, pages) : null,
    nextPage: input.page < pages ? input.page + 1 : null,
  };
}
