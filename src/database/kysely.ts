import type { EntityName, Opt } from '@mikro-orm/core';
import type { SnakeCase } from '@mikro-orm/sql';
import type { Generated } from 'kysely';

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
 * default or an identity) is `Generated<T>`, optional in an insert.
 */

/** Any JSON value, as jsonb stores it. */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;
export type JsonArray = readonly JsonValue[];
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

type ColumnType<T> = T extends Opt<infer Value> ? Generated<Value> : T;

type ColumnsOf<Row> = {
  -readonly [K in keyof Row as K extends string ? SnakeCase<K> : never]-?: ColumnType<Row[K]>;
};

type TableNameOf<Row> = Row extends { [EntityName]?: infer Name extends string }
  ? SnakeCase<Name>
  : never;

/** The Kysely database type of some entity classes: `TablesOf<typeof Plan | typeof PlanVersion>`. */
export type TablesOf<Classes extends abstract new (...args: never[]) => object> = {
  [Class in Classes as TableNameOf<InstanceType<Class>>]: ColumnsOf<InstanceType<Class>>;
};
