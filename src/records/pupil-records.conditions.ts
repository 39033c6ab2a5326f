import { expressionBuilder } from 'kysely';
import type { Expression, SqlBool } from 'kysely';

import type { RecordsTables } from './records.entities';

const eb = expressionBuilder<RecordsTables>();

/**
 * A public record of the pupil is still registered (one held past its date, by a request or
 * the archivist): their person row must stay, since the record hangs on it.
 */
export function hasRecord(personId: Expression<string>): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('public_record as r')
      .select(eb.lit(1).as('one'))
      .where('r.pupil_id', '=', personId),
  );
}
