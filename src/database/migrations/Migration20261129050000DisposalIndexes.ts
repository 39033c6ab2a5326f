import { Migration } from '@mikro-orm/migrations';

/**
 * Disposal at scale. A batch takes the first due records in (disposal_date,
 * id) order: with an index on the date alone, every batch read and sorted all
 * records still due (O(n) a batch, O(n²) a run). And deleting a record
 * cascades to its holds, lifted ones too, which the partial index on active
 * holds cannot find: each deleted record scanned the whole hold table.
 */
export class Migration20261129050000DisposalIndexes extends Migration {
  override up(): void {
    this.addSql(
      'create index public_record_disposal_order_idx on public_record (disposal_date, id)',
    );
    this.addSql('drop index if exists public_record_disposal_idx');
    this.addSql('create index retention_hold_record_idx on retention_hold (record_id)');
    this.addSql('drop index if exists retention_hold_active_idx');
  }

  override down(): void {
    this.addSql(
      'create index retention_hold_active_idx on retention_hold (record_id) where lifted_at is null',
    );
    this.addSql('drop index if exists retention_hold_record_idx');
    this.addSql('create index public_record_disposal_idx on public_record (disposal_date)');
    this.addSql('drop index if exists public_record_disposal_order_idx');
  }
}
