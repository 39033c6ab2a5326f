import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import type { AuditTables } from './audit-entry.entity';

/** The audit actions that are a read of a pupil's plan (a list of plans, a plan, a version, its PDF). */
export const PLAN_READ_ACTIONS = [
  'plan.list.read',
  'plan.read',
  'plan.version.read',
  'plan.pdf.read',
] as const;

/** One read of a pupil's plan: the roles of whoever read it and when, never who. */
export interface PlanRead {
  readonly pupilId: string;
  readonly action: (typeof PLAN_READ_ACTIONS)[number];
  readonly roles: readonly string[];
  readonly occurredAt: string;
}

/** Reads of the audit chain for a register extract: which roles read a child's plan, and when. */
@Injectable()
export class PlanReadsQueries {
  constructor(private readonly em: EntityManager) {}

  async findPlanReads(pupilIds: readonly string[]): Promise<PlanRead[]> {
    if (pupilIds.length === 0) {
      return [];
    }
    const rows = await this.em
      .fork()
      .getKysely<AuditTables>()
      .selectFrom('audit_entry')
      // Neither the actor's account nor person: the extract says which roles, not who.
      .select(['pupil_id', 'action', 'actor_roles', 'occurred_at'])
      .where('pupil_id', '=', sql<string>`any(${[...pupilIds]}::uuid[])`)
      .where('action', 'in', [...PLAN_READ_ACTIONS])
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      pupilId: row.pupil_id ?? '',
      action: row.action as PlanRead['action'],
      roles: row.actor_roles,
      occurredAt: new Date(row.occurred_at).toISOString(),
    }));
  }
}
