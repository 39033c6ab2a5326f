import { Migration } from '@mikro-orm/migrations';

/**
 * A guardian asks, signed in, for their own child's records (DOMAIN.md:
 * a person concerned, OSL 12 kap. 3 §): the request knows the verified
 * guardian and the pupil it concerns, and each record's decision may say
 * that the confidentiality protecting the pupil is lifted toward the
 * guardian, or that it protects the pupil against the guardian.
 */
export class Migration20261205100000GuardianRequests extends Migration {
  override up(): void {
    this.addSql('alter table records_request drop constraint records_request_channel_check');
    this.addSql(
      `alter table records_request add constraint records_request_channel_check
         check (channel in ('web', 'api', 'email', 'letter', 'phone', 'desk', 'forwarded', 'guardian'))`,
    );
    this.addSql(
      `alter table records_request
         add column requester_person_id uuid null references person (id) on delete set null,
         add column concerning_pupil_id uuid null references person (id) on delete set null`,
    );
    this.addSql(
      `alter table records_request_item
         add column concerned_party text null
           check (concerned_party in ('lifted', 'protects_against_guardian'))`,
    );
  }

  override down(): void {
    this.addSql('alter table records_request_item drop column concerned_party');
    this.addSql(
      'alter table records_request drop column concerning_pupil_id, drop column requester_person_id',
    );
    this.addSql("delete from records_request where channel = 'guardian'");
    this.addSql('alter table records_request drop constraint records_request_channel_check');
    this.addSql(
      `alter table records_request add constraint records_request_channel_check
         check (channel in ('web', 'api', 'email', 'letter', 'phone', 'desk', 'forwarded'))`,
    );
  }
}
