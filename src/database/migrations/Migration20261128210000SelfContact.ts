import { Migration } from '@mikro-orm/migrations';

export class Migration20261128210000SelfContact extends Migration {
  override up(): void {
    // What a person entered about themself. Imports never write here.
    this.addSql(`
      create table self_contact (
        person_id uuid primary key references person (id) on delete cascade,
        street_address text null,
        postal_code text null,
        city text null,
        phone text null,
        mobile text null,
        email text null,
        photo bytea null,
        photo_content_type text null check (photo_content_type in ('image/jpeg')),
        photo_updated_at timestamptz null,
        updated_at timestamptz not null
      )`);
  }

  override down(): void {
    this.addSql('drop table if exists self_contact');
  }
}
