import { Migration } from '@mikro-orm/migrations';

export class Migration20261128220000PlansAndRecords extends Migration {
  override up(): void {
    this.addSql(`
      create table plan_template (
        school_unit_id uuid primary key references school_unit (id) on delete cascade,
        template jsonb not null,
        updated_at timestamptz not null
      )`);
    this.addSql(`
      create table plan (
        id uuid primary key,
        pupil_id uuid not null references person (id) on delete cascade,
        school_unit_id uuid not null references school_unit (id),
        period text not null,
        state text not null check (state in ('draft', 'established')),
        established_version integer not null default 0,
        revision integer not null default 0,
        draft jsonb null,
        template jsonb not null,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        unique (pupil_id, period),
        check ((state = 'draft') = (draft is not null))
      )`);
    this.addSql(`
      create table public_record (
        id uuid primary key,
        registration_number text not null unique,
        kind text not null check (kind in ('iup')),
        title text not null,
        pupil_id uuid not null references person (id) on delete cascade,
        school_unit_id uuid not null references school_unit (id),
        document_date date not null,
        registered_at timestamptz not null,
        confidentiality_marking text null,
        disposal_date date null
      )`);
    this.addSql('create index public_record_pupil_idx on public_record (pupil_id)');
    this.addSql('create index public_record_disposal_idx on public_record (disposal_date)');
    this.addSql(`
      create table registration_sequence (
        series text not null,
        year integer not null,
        last_value integer not null,
        primary key (series, year)
      )`);
    this.addSql(`
      create table plan_version (
        plan_id uuid not null references plan (id) on delete cascade,
        version integer not null check (version > 0),
        content jsonb not null,
        template jsonb not null,
        talk_date date not null,
        established_at timestamptz not null,
        established_by_account_id uuid null,
        record_id uuid not null unique references public_record (id) on delete cascade,
        primary key (plan_id, version)
      )`);
    // An established version is a public record: it never changes (disposal deletes it whole).
    this.addSql(`
      create function plan_version_is_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'plan_version is immutable' using errcode = 'insufficient_privilege';
      end $$`);
    this.addSql(`
      create trigger plan_version_no_update before update on plan_version
      for each row execute function plan_version_is_immutable()`);
  }

  override down(): void {
    this.addSql('drop table if exists plan_version');
    this.addSql('drop function if exists plan_version_is_immutable');
    this.addSql('drop table if exists registration_sequence');
    this.addSql('drop table if exists public_record');
    this.addSql('drop table if exists plan');
    this.addSql('drop table if exists plan_template');
  }
}
