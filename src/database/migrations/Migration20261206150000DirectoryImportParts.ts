import { Migration } from '@mikro-orm/migrations';

/**
 * A directory import's file in parts of a few megabytes (directory_import_part) instead of one
 * bytea value, so that the worker reads a national-scale file part by part and never holds it
 * whole. A file already stored becomes its own first part.
 */
export class Migration20261206150000DirectoryImportParts extends Migration {
  override up(): void {
    this.addSql(`
      create table directory_import_part (
        import_id uuid not null references directory_import (id) on delete cascade,
        seq integer not null check (seq >= 0),
        bytes bytea not null,
        primary key (import_id, seq)
      )`);
    this.addSql(`
      insert into directory_import_part (import_id, seq, bytes)
      select id, 0, content from directory_import where content is not null`);
    this.addSql('alter table directory_import drop column content');
  }

  override down(): void {
    this.addSql('alter table directory_import add column content bytea null');
    this.addSql(`
      update directory_import d
         set content = (select string_agg(p.bytes, ''::bytea order by p.seq)
                          from directory_import_part p where p.import_id = d.id)`);
    this.addSql('drop table directory_import_part');
  }
}
