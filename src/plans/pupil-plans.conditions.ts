import { expressionBuilder } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import type { PlansTables } from './plans.entities';

const eb = expressionBuilder<PlansTables>();

/**
 * The pupil still has a plan (a draft or one with versions): their person row must stay, since
 * a plan hangs on it (for the disposal of people, which waits for the last plan).
 */
export function hasPlan(personId: Expression<string>): Expression<SqlBool> {
  return eb.exists(
    eb.selectFrom('plan as p').select(eb.lit(1).as('one')).where('p.pupil_id', '=', personId),
  );
}
