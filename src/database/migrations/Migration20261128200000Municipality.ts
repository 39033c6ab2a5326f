import { Migration } from '@mikro-orm/migrations';

export class Migration20261128200000Municipality extends Migration {
  override up(): void {
    this.addSql(`
      create table municipality (
        id uuid primary key,
        external_id text not null unique,
        name text not null,
        organisation_number text null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql(
      'alter table school_unit add column municipality_id uuid null references municipality (id)',
    );
  }

  override down(): void {
    this.addSql('alter table school_unit drop column if exists municipality_id');
    this.addSql('drop table if exists municipality');
  }
}
