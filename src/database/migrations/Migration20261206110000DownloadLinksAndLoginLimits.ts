import { Migration } from '@mikro-orm/migrations';

/**
 * A request has one working download link at a time: a new one replaces the
 * ones before (`replaced_at`), and the requester may make only a few with
 * the receipt code (`made_by = 'requester'`) before Sektor Lärande must help.
 * Links from before this were all made at delivery.
 *
 * The login limits now key usernames by their hash: the old counters of
 * usernames without an account (kept without end, under the name as typed)
 * are dropped.
 */
export class Migration20261206110000DownloadLinksAndLoginLimits extends Migration {
  override up(): void {
    this.addSql(
      `alter table download_link add column made_by text not null default 'delivery'
         check (made_by in ('delivery', 'requester'))`,
    );
    this.addSql('alter table download_link add column replaced_at timestamptz null');
    this.addSql("delete from login_rate_limit where key like 'login-unknown-account:%'");
  }

  override down(): void {
    this.addSql('alter table download_link drop column replaced_at');
    this.addSql('alter table download_link drop column made_by');
  }
}
