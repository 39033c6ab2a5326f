import { Migration } from '@mikro-orm/migrations';

/**
 * When the requester first downloaded the decision: for electronic delivery
 * the three weeks to appeal count from that day (förvaltningslagen 44 §).
 */
export class Migration20261205030000DecisionSeen extends Migration {
  override up(): void {
    this.addSql('alter table records_request add column decision_seen_at timestamptz null');
  }

  override down(): void {
    this.addSql('alter table records_request drop column decision_seen_at');
  }
}
