import { Migration } from '@mikro-orm/migrations';

export class Migration20261128230000RecordsRequests extends Migration {
  override up(): void {
    this.addSql(`
      create table records_request (
        id uuid primary key,
        registration_number text not null unique,
        receipt_code_hash text not null unique,
        channel text not null
          check (channel in ('web', 'api', 'email', 'letter', 'phone', 'desk', 'forwarded')),
        received_on date not null,
        received_at timestamptz not null,
        description text not null,
        pupil_name text null,
        school text null,
        period text null,
        delivery text not null check (delivery in ('on_site', 'paper', 'electronic')),
        contact_name text null,
        contact_email text null,
        contact_phone text null,
        postal_address text null,
        status text not null default 'received'
          check (status in ('received', 'in_review', 'awaiting_clarification', 'decided', 'delivered')),
        assignee_account_id uuid null references account (id) on delete set null,
        registered_by_account_id uuid null references account (id) on delete set null,
        forwarded_by_account_id uuid null references account (id) on delete set null,
        first_action_due date null,
        decision_due date null,
        first_action_at timestamptz null,
        processed_at timestamptz null,
        clarification_question text null,
        clarification_asked_on date null,
        waited_working_days integer not null default 0,
        decided_at timestamptz null,
        version integer not null default 0,
        created_at timestamptz not null,
        updated_at timestamptz not null
      )`);
    // The reviewer's queue: open requests by due date; the sweeper: requests whose first steps never ran.
    this.addSql(
      'create index records_request_queue_idx on records_request (status, decision_due, id)',
    );
    this.addSql(
      'create index records_request_assignee_idx on records_request (assignee_account_id, status)',
    );
    this.addSql(
      'create index records_request_unprocessed_idx on records_request (created_at) where processed_at is null',
    );
    this.addSql(`
      create table records_request_item (
        id uuid primary key,
        request_id uuid not null references records_request (id) on delete cascade,
        record_id uuid null references public_record (id) on delete set null,
        plan_id uuid null references plan (id) on delete set null,
        kind text not null check (kind in ('record', 'draft')),
        source text not null check (source in ('matched', 'added')),
        decision text null
          check (decision in ('release', 'release_with_redactions', 'refuse', 'no_public_record')),
        redactions jsonb not null default '[]',
        refusal_ground text null,
        reasons text null,
        decided_by_account_id uuid null references account (id) on delete set null,
        decided_at timestamptz null,
        version integer not null default 0,
        created_at timestamptz not null,
        unique (request_id, record_id),
        unique (request_id, plan_id)
      )`);
    this.addSql('create index records_request_item_record_idx on records_request_item (record_id)');
    this.addSql(`
      create table records_request_note (
        id uuid primary key,
        request_id uuid not null references records_request (id) on delete cascade,
        author_account_id uuid null references account (id) on delete set null,
        text text not null,
        created_at timestamptz not null
      )`);
    this.addSql(
      'create index records_request_note_request_idx on records_request_note (request_id, created_at)',
    );
    this.addSql(`
      create table records_request_event (
        id bigserial primary key,
        request_id uuid not null references records_request (id) on delete cascade,
        occurred_at timestamptz not null,
        kind text not null,
        actor_account_id uuid null references account (id) on delete set null,
        details jsonb not null default '{}'
      )`);
    this.addSql(
      'create index records_request_event_request_idx on records_request_event (request_id, id)',
    );
    this.addSql(`
      create table staff_notification (
        id uuid primary key,
        account_id uuid not null references account (id) on delete cascade,
        request_id uuid not null references records_request (id) on delete cascade,
        kind text not null,
        created_at timestamptz not null,
        read_at timestamptz null,
        unique (account_id, request_id, kind)
      )`);
    // rate-limiter-flexible's table layout, for requests filed per client address.
    this.addSql(`
      create table intake_rate_limit (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      )`);
  }

  override down(): void {
    for (const table of [
      'intake_rate_limit',
      'staff_notification',
      'records_request_event',
      'records_request_note',
      'records_request_item',
      'records_request',
    ]) {
      this.addSql(`drop table if exists ${table}`);
    }
  }
}
