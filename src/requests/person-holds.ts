import { expressionBuilder } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import { isHolding } from './request-holds.queries';
import type { RequestsTables } from './requests.entities';

const eb = expressionBuilder<RequestsTables>();

/**
 * A request that holds on `today` (open, an appeal pending, or its decision still open to
 * appeal) names the person: filed by them under their own name, or about them as the pupil.
 * Such a person is not disposed of while it holds.
 */
export function isPersonNamedInOpenRequest(
  personId: Expression<string>,
  today: string,
): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('records_request as q')
      .select(eb.lit(1).as('one'))
      .where((w) =>
        w.or([
          w('q.requester_person_id', '=', personId),
          w('q.concerning_pupil_id', '=', personId),
        ]),
      )
      .where((w) =>
        isHolding(
          {
            status: w.ref('q.status'),
            id: w.ref('q.id'),
            appealHoldUntil: w.ref('q.appeal_hold_until'),
          },
          today,
        ),
      ),
  );
}
