import { UnderscoreNamingStrategy } from '@mikro-orm/core';

/**
 * PostgreSQL's own names for the constraints the migrations declare inline
 * (`references person (id)` becomes `enrolment_person_id_fkey`, `unique`
 * becomes `…_key`). The migrations are raw SQL and the truth; with the same
 * names, the entities describe the schema they made and the schema diff test
 * compares like with like. Table and column names stay MikroORM's default.
 */
export class PostgresNamingStrategy extends UnderscoreNamingStrategy {
  override indexName(
    tableName: string,
    columns: string[],
    type: 'primary' | 'foreign' | 'unique' | 'index' | 'sequence' | 'check' | 'default' | 'trigger',
  ): string {
    const table = tableName.includes('.') ? tableName.slice(tableName.indexOf('.') + 1) : tableName;
    if (type === 'foreign') {
      return `${table}_${columns.join('_')}_fkey`;
    }
    if (type === 'unique') {
      return `${table}_${columns.join('_')}_key`;
    }
    return super.indexName(tableName, columns, type);
  }
}
