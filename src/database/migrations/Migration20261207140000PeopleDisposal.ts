import { Migration } from '@mikro-orm/migrations';

/**
 * The people around the plans are disposed of too (issue 25): a staff account without a duty is
 * deactivated the night its last duty ends and deleted a set number of days later
 * (`account.deactivated_at`, set only by the disposal); a guardian's own contact details and
 * photo go a set number of days after their last child left, counted from the e-mail that says
 * so if it went later (`self_contact.disposal_notice_on`); the disposal log gets the rule
 * `people`.
 */
export class Migration20261207140000PeopleDisposal extends Migration {
  override up(): void {
    this.addSql('alter table account add column deactivated_at timestamptz null');
    this.addSql('alter table self_contact add column disposal_notice_on date null');
    this.addSql('alter table disposal_log drop constraint disposal_log_rule_check');
    this.addSql(
      "alter table disposal_log add constraint disposal_log_rule_check check (rule in ('plans', 'requests', 'people'))",
    );
    // Whether an open request names a person, asked for each person the disposal weighs.
    this.addSql(
      'create index records_request_requester_person_idx on records_request (requester_person_id)',
    );
    this.addSql(
      'create index records_request_concerning_pupil_idx on records_request (concerning_pupil_id)',
    );
  }

  override down(): void {
    this.addSql('drop index records_request_concerning_pupil_idx');
    this.addSql('drop index records_request_requester_person_idx');
    this.addSql("delete from disposal_log where rule = 'people'");
    this.addSql('alter table disposal_log drop constraint disposal_log_rule_check');
    this.addSql(
      "alter table disposal_log add constraint disposal_log_rule_check check (rule in ('plans', 'requests'))",
    );
    this.addSql('alter table self_contact drop column disposal_notice_on');
    this.addSql('alter table account drop column deactivated_at');
  }
}
