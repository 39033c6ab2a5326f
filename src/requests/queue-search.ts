import { type ExpressionBuilder, type Expression, type SqlBool, sql } from 'kysely';

import { escapeLike, registrationFragment, searchWords } from './record-search';
import type { RequestsTables } from './requests.entities';

/** How much of the requester's description the queue shows: the start of what is asked. */
export const QUEUE_DESCRIPTION_START = 80;

type QueueTables = RequestsTables & { r: RequestsTables['records_request'] };

/** The trigram index's own expression (records_request_search_trgm_idx), so `like` uses it. */
const SEARCHED_TEXT = sql<string>`lower(r.registration_number || ' ' || coalesce(r.pupil_name, '') || ' ' || r.description)`;

/**
 * The queue's free text on `records_request as r`: part of the registration number (also
 * loosely written, "beg 2026 3" for BEG-2026-00003), of the pupil's name as the requester
 * wrote it, or of what they described. Case does not matter.
 */
export function queueTextMatches(
  eb: ExpressionBuilder<QueueTables, 'r'>,
  text: string,
): Expression<SqlBool> {
  const contains = `%${escapeLike(text.toLowerCase())}%`;
  const fragment = registrationFragment(searchWords(text), 'BEG');
  const alternatives: Expression<SqlBool>[] = [eb(SEARCHED_TEXT, 'like', contains)];
  if (fragment) {
    const year = eb('r.registration_number', 'like', `BEG-${fragment.year}-%`);
    alternatives.push(
      fragment.serial === null
        ? year
        : eb.and([
            year,
            eb(
              sql<string>`ltrim(split_part(r.registration_number, '-', 3), '0')`,
              '=',
              String(fragment.serial),
            ),
          ]),
    );
  }
  return eb.or(alternatives);
}

/** The start of a description, cut at a word near the limit, with "…" when cut. */
export function descriptionStart(description: string): string {
  const flat = description.replace(/\s+/gu, ' ').trim();
  if ([...flat].length <= QUEUE_DESCRIPTION_START) {
    return flat;
  }
  const cut = [...flat].slice(0, QUEUE_DESCRIPTION_START).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > QUEUE_DESCRIPTION_START / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
