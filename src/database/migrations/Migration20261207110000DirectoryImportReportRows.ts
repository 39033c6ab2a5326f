import { Migration } from '@mikro-orm/migrations';

/**
 * A directory import's report written a chunk of rows at a time while the job runs
 * (directory_import_report_row), instead of held whole in the job's memory: at national scale
 * the report has about 400,000 entries. When the import is done the rows become the report's
 * jsonb (one statement, in the database) and are deleted.
 */
export class Migration20261207110000DirectoryImportReportRows extends Migration {
  override up(): void {
    this.addSql(`
      create table directory_import_report_row (
        import_id uuid not null references directory_import (id) on delete cascade,
        phase smallint not null,
        seq integer not null,
        source text not null,
        kind text not null,
        outcome text not null,
        reason text null,
        changes jsonb null,
        primary key (import_id, phase, seq)
      )`);
  }

  override down(): void {
    this.addSql('drop table directory_import_report_row');
  }
}
