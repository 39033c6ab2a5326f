import { Migration } from '@mikro-orm/migrations';

/**
 * An `Idempotency-Key` on the API's filing routes: a retried filing gets the
 * answer of the first, and only one request is made. A key row is written in
 * the filing's own transaction, so it exists exactly when its request does:
 * the foreign key is checked at commit, since the row is claimed (and so
 * locked against a concurrent retry) before the request is inserted. Only
 * hashes and the receipt code sealed with the client's key are kept, and
 * only for 24 hours.
 */
export class Migration20261206100000IntakeIdempotency extends Migration {
  override up(): void {
    this.addSql(
      `create table intake_idempotency_key (
         key_hash text primary key,
         route text not null
           check (route in ('public', 'guardian', 'registered', 'forwarded')),
         fingerprint text not null,
         request_id uuid not null references records_request (id) on delete cascade
           deferrable initially deferred,
         receipt_code_sealed bytea not null,
         created_at timestamptz not null
       )`,
    );
    this.addSql(
      'create index intake_idempotency_key_created_at_idx on intake_idempotency_key (created_at)',
    );
    this.addSql(
      'create index intake_idempotency_key_request_idx on intake_idempotency_key (request_id)',
    );
  }

  override down(): void {
    this.addSql('drop table intake_idempotency_key');
  }
}
