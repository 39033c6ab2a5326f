import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

/**
 * A value for a jsonb column, as JSON text cast to jsonb: pg would send a JS array as a
 * PostgreSQL array, so a JSON value is never handed to it as it is.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`${JSON.stringify(value)}::jsonb`;
}
