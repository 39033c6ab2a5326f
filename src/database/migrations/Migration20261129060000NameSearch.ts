import { Migration } from '@mikro-orm/migrations';

/**
 * The first steps of a request look for the named pupil's records with
 * `lower(given_name || ' ' || family_name) like '%token%'`. Without an index
 * that is a scan of every person joined to every plan version: at a million
 * records, seconds per request. A trigram index answers such a pattern.
 *
 * pg_trgm is a trusted extension (the database owner may create it). It goes
 * in `public`, not in the service's schema: extensions are per database, and
 * a schema dropped with cascade (a test's) would take the other schemas'
 * indexes with it.
 */
export class Migration20261129060000NameSearch extends Migration {
  override up(): void {
    this.addSql('create extension if not exists pg_trgm with schema public');
    this.addSql(
      `create index person_name_trgm_idx on person
         using gin ((lower(given_name || ' ' || family_name)) public.gin_trgm_ops)`,
    );
  }

  override down(): void {
    this.addSql('drop index if exists person_name_trgm_idx');
  }
}
