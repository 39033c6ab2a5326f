import { Migration } from '@mikro-orm/migrations';

export class Migration20261128190000DirectoryAndAccounts extends Migration {
  override up(): void {
    this.addSql(`
      create table school_unit (
        id uuid primary key,
        external_id text not null unique,
        name text not null,
        school_unit_code text null unique,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql(`
      create table person (
        id uuid primary key,
        external_id text not null unique,
        civic_no text not null unique check (civic_no ~ '^[0-9]{12}$'),
        given_name text not null,
        family_name text not null,
        security_marking text not null
          check (security_marking in ('Ingen', 'Sekretessmarkering', 'Skyddad folkbokföring')),
        imported_email text null,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql(`
      create table enrolment (
        id uuid primary key,
        person_id uuid not null references person (id) on delete cascade,
        school_unit_id uuid not null references school_unit (id),
        school_form text not null
          check (school_form in ('förskoleklass', 'grundskola', 'anpassad grundskola')),
        school_year integer null check (school_year between 0 and 10),
        start_date date not null,
        end_date date null,
        updated_at timestamptz not null,
        unique (person_id, school_unit_id, school_form, start_date)
      )`);
    this.addSql('create index enrolment_school_unit_idx on enrolment (school_unit_id)');
    this.addSql(`
      create table student_group (
        id uuid primary key,
        external_id text not null unique,
        school_unit_id uuid not null references school_unit (id),
        name text not null,
        group_type text not null check (group_type in ('Klass', 'Mentor')),
        school_year integer null,
        start_date date null,
        end_date date null,
        updated_at timestamptz not null
      )`);
    this.addSql('create index student_group_school_unit_idx on student_group (school_unit_id)');
    this.addSql(`
      create table group_membership (
        group_id uuid not null references student_group (id) on delete cascade,
        person_id uuid not null references person (id) on delete cascade,
        primary key (group_id, person_id)
      )`);
    this.addSql('create index group_membership_person_idx on group_membership (person_id)');
    this.addSql(`
      create table guardianship (
        guardian_id uuid not null references person (id) on delete cascade,
        pupil_id uuid not null references person (id) on delete cascade,
        primary key (guardian_id, pupil_id),
        check (guardian_id <> pupil_id)
      )`);
    this.addSql('create index guardianship_pupil_idx on guardianship (pupil_id)');
    this.addSql(`
      create table staff_duty (
        id uuid primary key,
        external_id text not null unique,
        person_id uuid not null references person (id) on delete cascade,
        role text not null
          check (role in ('mentor', 'teacher', 'principal', 'reviewer', 'archivist', 'administrator')),
        school_unit_id uuid null references school_unit (id),
        group_id uuid null references student_group (id) on delete cascade,
        pupil_id uuid null references person (id) on delete cascade,
        subject text null,
        start_date date null,
        end_date date null,
        updated_at timestamptz not null
      )`);
    this.addSql('create index staff_duty_person_idx on staff_duty (person_id)');
    this.addSql(`
      create table account (
        id uuid primary key,
        person_id uuid not null unique references person (id) on delete cascade,
        username text not null unique check (username = lower(username)),
        password_hash text null,
        failed_login_count integer not null default 0,
        locked_until timestamptz null,
        last_login_at timestamptz null,
        is_disabled boolean not null default false,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    this.addSql(`
      create table directory_import (
        id uuid primary key,
        requested_by_account_id uuid null references account (id) on delete set null,
        format text not null check (format in ('ss12000', 'csv')),
        file_name text not null,
        content_sha256 text not null,
        content bytea null,
        status text not null check (status in ('queued', 'running', 'completed', 'failed')),
        total_items integer not null default 0,
        processed_items integer not null default 0,
        created_count integer not null default 0,
        updated_count integer not null default 0,
        unchanged_count integer not null default 0,
        rejected_count integer not null default 0,
        report jsonb not null default '[]',
        failure text null,
        created_at timestamptz not null,
        started_at timestamptz null,
        finished_at timestamptz null
      )`);
    // express-session's store (connect-pg-simple's table layout).
    this.addSql(`
      create table http_session (
        sid varchar not null primary key,
        sess json not null,
        expire timestamp(6) not null
      )`);
    this.addSql('create index http_session_expire_idx on http_session (expire)');
    // rate-limiter-flexible's table layout, for login attempts per client address.
    this.addSql(`
      create table login_rate_limit (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      )`);
  }

  override down(): void {
    for (const table of [
      'login_rate_limit',
      'http_session',
      'directory_import',
      'account',
      'staff_duty',
      'guardianship',
      'group_membership',
      'student_group',
      'enrolment',
      'person',
      'school_unit',
    ]) {
      this.addSql(`drop table if exists ${table}`);
    }
  }
}
