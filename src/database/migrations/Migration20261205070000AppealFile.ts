import { Migration } from '@mikro-orm/migrations';

/**
 * What goes to the court with an appeal, kept with the request's documents
 * but never handed to the requester: the appeal file (the decision, the
 * released copies, the struck passages' places and grounds, the audit
 * anchor) and each refused or struck record in the original, marked
 * confidential.
 */
export class Migration20261205070000AppealFile extends Migration {
  override up(): void {
    this.addSql(
      'alter table records_request_document drop constraint records_request_document_kind_check',
    );
    this.addSql(
      `alter table records_request_document add constraint records_request_document_kind_check
         check (kind in ('decision_letter', 'cover_letter', 'copy', 'appeal_file', 'court_original'))`,
    );
  }

  override down(): void {
    this.addSql(
      "delete from records_request_document where kind in ('appeal_file', 'court_original')",
    );
    this.addSql(
      'alter table records_request_document drop constraint records_request_document_kind_check',
    );
    this.addSql(
      `alter table records_request_document add constraint records_request_document_kind_check
         check (kind in ('decision_letter', 'cover_letter', 'copy'))`,
    );
  }
}
