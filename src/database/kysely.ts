import type { EntityName, Opt } from '@mikro-orm/core';
import type { SnakeCase } from '@mikro-orm/sql';
import type { ColumnType as KyselyColumn } from 'kysely';

/*
 * Kysely database types from the entity classes, for `em.getKysely<Tables>()`.
 *
 * MikroORM's own `InferClassEntityDB` (from '@mikro-orm/sql') leaves out every
 * jsonb column typed as an object (a plan's template, an audit entry's
 * details): it takes any non-scalar property for a relation and looks for the
 * target's primary key. These entities map relations to their key values
 * (`mapToPk`), so every property is a column and the mapping can be direct:
 * the table is the snake_case of the class's `[EntityName]`, each column the
 * snake_case of its property, and a property typed `Opt<T>` (a database
 * default or an identity) is optional in an insert.
 */

/** Any JSON value, as jsonb stores it. */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
export type JsonArray = readonly JsonValue[];
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * MikroORM 7's pg type parsers keep date, timestamp and timestamptz values as the text
 * PostgreSQL sends ('2026-12-04', '2026-12-04 17:50:00.123+00'); the entities hydrate them
 * to Date, but a Kysely query returns that text. So a Date property reads as a string here
 * (parse it with `new Date(…)` where an instant is needed), and takes a Date or text.
 */
type Read<T> = [T] extends [Date] ? string : [T] extends [Date | null] ? string | null : T;
type Written<T> = [T] extends [Date]
  ? Date | string
  : [T] extends [Date | null]
    ? Date | string | null
    : T;

/**
 * `Opt<T>` (a database default or an identity) brands T with an optional symbol key, so
 * `T extends Opt<infer V>` holds for any T; whether the brand is there is asked of its keys.
 */
type IsOpt<T> = typeof Opt.__optional extends keyof T ? true : false;
type Unbranded<T> = T extends infer Value & Opt.Brand ? Value : T;

type ColumnOf<T> =
  IsOpt<T> extends true
    ? KyselyColumn<Read<Unbranded<T>>, Written<Unbranded<T>> | undefined, Written<Unbranded<T>>>
    : KyselyColumn<Read<T>, Written<T>, Written<T>>;

type ColumnsOf<Row> = {
  -readonly [K in keyof Row as K extends string ? SnakeCase<K> : never]-?: ColumnOf<Row[K]>;
};

type TableNameOf<Row> = Row extends { [EntityName]?: infer Name extends string }
  ? SnakeCase<Name>
  : never;

/** The Kysely database type of some entity classes: `TablesOf<typeof Plan | typeof PlanVersion>`. */
export type TablesOf<Classes extends abstract new (...args: never[]) => object> = {
  [Class in Classes as TableNameOf<InstanceType<Class>>]: ColumnsOf<InstanceType<Class>>;
};
