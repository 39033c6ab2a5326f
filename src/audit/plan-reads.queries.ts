import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RawBuilder, sql, SqlBool } from 'kysely';

import type { AuditTables } from './audit-entry.entity';

/**
 * The audit actions that are a read of a pupil's plan: a list of plans, a plan, a version,
 * its PDF, and a reviewer's reads of the established plan as a public record (the record
 * in a review, and a copy drawn to look at — a copy drawn for a release or for the court
 * is not a read but part of what it went out as).
 */
export const PLAN_READ_ACTIONS = [
  'plan.list.read',
  'plan.read',
  'plan.version.read',
  'plan.pdf.read',
  'record.review.read',
  'record.copy.produced',
] as const;

export type PlanReadAction = (typeof PLAN_READ_ACTIONS)[number];

/** What was read, in Swedish: the register extract and the guardian's log say the same. */
export const PLAN_READ_NAMES: Readonly<Record<PlanReadAction, string>> = {
  'plan.list.read': 'Listan över planerna',
  'plan.read': 'Planen',
  'plan.version.read': 'En fastställd version',
  'plan.pdf.read': 'Planen som PDF',
  'record.review.read': 'Den fastställda planen som allmän handling',
  'record.copy.produced': 'En kopia av den fastställda planen som PDF',
};

/** The reads of the plan itself: all but the list of plans (which shows only periods and states). */
export const PLAN_CONTENT_READ_ACTIONS: readonly PlanReadAction[] = PLAN_READ_ACTIONS.filter(
  (action) => action !== 'plan.list.read',
);

/** One read of a pupil's plan: the roles of whoever read it and when, never who. */
export interface PlanRead {
  readonly pupilId: string;
  readonly action: PlanReadAction;
  readonly roles: readonly string[];
  readonly occurredAt: string;
  /** A teacher's read of their subjects only: those subjects; null for the whole plan. */
  readonly subjects?: readonly string[] | null;
}

/** A page of one pupil's plan reads, newest first, and how many there are in all. */
export interface PlanReadsPage {
  readonly reads: readonly PlanRead[];
  readonly total: number;
}

/** Only a copy drawn to look at (a preview) is a read; releases and court originals are not. */
function isPlanRead(actions: readonly PlanReadAction[]): RawBuilder<SqlBool> {
  // Raw: a condition on the jsonb details Kysely has no typed form for.
  return sql<SqlBool>`(action = any(${[...actions]}::text[]) and (action <> 'record.copy.produced' or details->>'purpose' = 'preview'))`;
}

/** Reads of the audit chain: which roles read a child's plan, and when (never who). */
@Injectable()
export class PlanReadsQueries {
  constructor(private readonly em: EntityManager) {}

  /** Every read of these pupils' plans, oldest first: for a register extract. */
  async findPlanReads(pupilIds: readonly string[]): Promise<PlanRead[]> {
    if (pupilIds.length === 0) {
      return [];
    }
    const rows = await this.em
      .fork()
      .getKysely<AuditTables>()
      .selectFrom('audit_entry')
      // Neither the actor's account nor person: the extract says which roles, not who.
      .select(['pupil_id', 'action', 'actor_roles', 'occurred_at', 'details'])
      .where('pupil_id', '=', sql<string>`any(${[...pupilIds]}::uuid[])`)
      .where(isPlanRead(PLAN_READ_ACTIONS))
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map(toPlanRead);
  }

  /**
   * One page of the reads of a pupil's plan itself (not the list of plans), newest first:
   * for the log the pupil and their guardians see.
   */
  async findPlanReadsPage(
    pupilId: string,
    page: { readonly limit: number; readonly offset: number },
  ): Promise<PlanReadsPage> {
    const db = this.em.fork().getKysely<AuditTables>();
    const [rows, count] = await Promise.all([
      db
        .selectFrom('audit_entry')
        .select(['pupil_id', 'action', 'actor_roles', 'occurred_at', 'details'])
        .where('pupil_id', '=', pupilId)
        .where(isPlanRead(PLAN_CONTENT_READ_ACTIONS))
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      db
        .selectFrom('audit_entry')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('pupil_id', '=', pupilId)
        .where(isPlanRead(PLAN_CONTENT_READ_ACTIONS))
        .executeTakeFirstOrThrow(),
    ]);
    return { reads: rows.map(toPlanRead), total: Number(count.count) };
  }
}

function toPlanRead(row: {
  pupil_id: string | null;
  action: string;
  actor_roles: readonly string[];
  occurred_at: Date | string;
  details: unknown;
}): PlanRead {
  const subjects = (row.details as { subjects?: unknown } | null)?.subjects;
  return {
    pupilId: row.pupil_id ?? '',
    action: row.action as PlanReadAction,
    roles: row.actor_roles,
    occurredAt: new Date(row.occurred_at).toISOString(),
    subjects:
      Array.isArray(subjects) && subjects.every((subject) => typeof subject === 'string')
        ? subjects
        : null,
  };
}
