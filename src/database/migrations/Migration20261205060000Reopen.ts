import { Migration } from '@mikro-orm/migrations';

/**
 * "Delivered" is no longer final: a decision reconsidered after an appeal
 * (förvaltningslagen 37–39 §§), changed by the court or sent back is decided
 * anew. The request remembers why and for which appeal; the letters and
 * copies it replaces are kept, marked superseded; an appeal that got what it
 * asked for at the reconsideration lapses.
 */
export class Migration20261205060000Reopen extends Migration {
  override up(): void {
    this.addSql(
      `alter table records_request
         add column reopen_reason text null
           check (reopen_reason in ('reconsideration', 'court_changed', 'court_returned')),
         add column reopened_for_appeal_id uuid null`,
    );
    this.addSql('alter table records_request_document add column superseded_at timestamptz null');
    this.addSql(
      'alter table records_request_appeal drop constraint records_request_appeal_court_outcome_check',
    );
    this.addSql(
      `alter table records_request_appeal add constraint records_request_appeal_court_outcome_check
         check (court_outcome in ('upheld', 'changed', 'returned', 'dismissed', 'lapsed'))`,
    );
  }

  override down(): void {
    this.addSql(
      'alter table records_request_appeal drop constraint records_request_appeal_court_outcome_check',
    );
    this.addSql(
      `alter table records_request_appeal add constraint records_request_appeal_court_outcome_check
         check (court_outcome in ('upheld', 'changed', 'returned', 'dismissed'))`,
    );
    this.addSql('alter table records_request_document drop column superseded_at');
    this.addSql(
      'alter table records_request drop column reopened_for_appeal_id, drop column reopen_reason',
    );
  }
}
