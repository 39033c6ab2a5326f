import { Migration } from '@mikro-orm/migrations';

/**
 * When a send began. SMTP has no way to ask whether a message arrived, so a
 * worker killed between handing a message over and recording it leaves the
 * outcome unknown; the claim is what tells the next attempt so, and it does
 * not send again (a requester never gets the same e-mail twice).
 */
export class Migration20261129080000EmailSendClaim extends Migration {
  override up(): void {
    this.addSql('alter table email_outbox add column send_started_at timestamptz null');
  }

  override down(): void {
    this.addSql('alter table email_outbox drop column send_started_at');
  }
}
