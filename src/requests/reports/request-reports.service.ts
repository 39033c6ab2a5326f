import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { canPerform } from '../../auth/access-policy';
import type { Actor } from '../../auth/actor';
import {
  FieldProblem,
  NotFoundError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import { stockholmToday, TIME_ZONE } from '../../common/stockholm';
import type { Decision } from '../request-lifecycle';
import type { RequestsTables } from '../requests.entities';
import { buildReport, monthsBetween, Report } from './request-report';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 36;

/** A period of whole months; by default the last twelve, this one included. */
export function reportPeriod(
  input: { from?: unknown; to?: unknown },
  today: string,
): { from: string; to: string } {
  const given = (value: unknown): string | null =>
    value === undefined || value === '' ? null : typeof value === 'string' ? value : '?';
  const to = given(input.to) ?? today.slice(0, 7);
  const [year = 0, month = 1] = to.split('-').map(Number);
  const from =
    given(input.from) ??
    (month === 12 ? `${year}-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}`);
  const problems: FieldProblem[] = [];
  if (!MONTH.test(from)) {
    problems.push({ field: 'from', problems: ['ska vara en månad (ÅÅÅÅ-MM)'] });
  }
  if (!MONTH.test(to)) {
    problems.push({ field: 'to', problems: ['ska vara en månad (ÅÅÅÅ-MM)'] });
  }
  if (problems.length === 0 && from > to) {
    problems.push({ field: 'from', problems: ['ska vara före eller samma som slutmånaden'] });
  }
  if (problems.length === 0 && monthsBetween(from, to).length > MAX_MONTHS) {
    problems.push({ field: 'from', problems: [`perioden får vara högst ${MAX_MONTHS} månader`] });
  }
  if (problems.length > 0) {
    throw new ValidationFailedError(problems);
  }
  return { from, to };
}

/**
 * The reviewers' reports: requests per month they came in, by status, with
 * working days to decision, overdue counts and outcome shares. Counts only,
 * nothing about who asked or which pupil.
 */
@Injectable()
export class RequestReportsService {
  constructor(private readonly em: EntityManager) {}

  async report(actor: Actor, input: { from?: unknown; to?: unknown }): Promise<Report> {
    if (!canPerform(actor, 'records.review')) {
      throw new NotFoundError('Sidan finns inte.');
    }
    const today = stockholmToday(new Date());
    const { from, to } = reportPeriod(input, today);
    const rows = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .selectFrom('records_request as r')
      .leftJoin('records_request_item as i', 'i.request_id', 'r.id')
      .select([
        'r.received_on',
        'r.status',
        sql<string | null>`(r.decided_at at time zone ${sql.lit(TIME_ZONE)})::date::text`.as(
          'decided_on',
        ),
        'r.decision_due',
        'r.waited_working_days',
        'r.first_action_due',
        sql<string | null>`(r.first_action_at at time zone ${sql.lit(TIME_ZONE)})::date::text`.as(
          'first_action_on',
        ),
        sql<
          Decision[]
        >`coalesce(array_agg(i.decision) filter (where i.decision is not null), '{}')`.as(
          'outcomes',
        ),
      ])
      .where('r.received_on', '>=', sql<string>`${`${from}-01`}::date`)
      .where('r.received_on', '<', sql<string>`(${`${to}-01`}::date + interval '1 month')`)
      .groupBy('r.id')
      .execute();
    return buildReport(
      rows.map((row) => ({
        receivedOn: row.received_on,
        status: row.status,
        decidedOn: row.decided_on,
        decisionDue: row.decision_due,
        waitedWorkingDays: row.waited_working_days,
        outcomes: row.outcomes,
        firstActionDue: row.first_action_due,
        firstActionOn: row.first_action_on,
      })),
      from,
      to,
      today,
    );
  }
}
