import { Migration } from '@mikro-orm/migrations';

/**
 * The reviewers' queue searches its free text in the registration number, the pupil's
 * name as the requester wrote it and the description, with `like '%text%'` on one
 * lower-cased expression (requests/queue-search.ts). Without an index that reads every
 * request ever filed; a trigram index (pg_trgm in `public`, as for person names) answers it.
 */
export class Migration20261206120000QueueSearch extends Migration {
  override up(): void {
    this.addSql(
      `create index records_request_search_trgm_idx on records_request
         using gin ((lower(registration_number || ' ' || coalesce(pupil_name, '') || ' ' || description)) public.gin_trgm_ops)`,
    );
  }

  override down(): void {
    this.addSql('drop index if exists records_request_search_trgm_idx');
  }
}
