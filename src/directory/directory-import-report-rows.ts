import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import type { ImportReportEntry, ImportReportSink } from './directory-importer';
import type { DirectoryTables } from './directory.entities';

/*
 * The job's import report, written to directory_import_report_row a chunk of rows at a time as the
 * import goes, so that the job never holds it whole (about 400,000 entries at national scale); when
 * the import ends, `storeReport` makes the rows the import's report in the database.
 */

/** Rows gathered before they are written (one statement). */
const ROWS_PER_FLUSH = 5000;

/** Items the parser refused come first in the report, then what the writes did. */
const enum Phase {
  Refused = 0,
  Written = 1,
}

export type ImportCounts = {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
};

export class ImportReportRows implements ImportReportSink {
  readonly counts: ImportCounts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  private buffer: { phase: Phase; seq: number; entry: ImportReportEntry }[] = [];
  private readonly nextSeq = [0, 0];

  constructor(
    private readonly em: EntityManager,
    private readonly importId: string,
  ) {}

  addRefused(entry: ImportReportEntry): void {
    this.push(Phase.Refused, entry);
  }

  add(entry: ImportReportEntry): void {
    this.push(Phase.Written, entry);
  }

  async flush(all: boolean): Promise<void> {
    if (this.buffer.length === 0 || (!all && this.buffer.length < ROWS_PER_FLUSH)) {
      return;
    }
    const rows = this.buffer;
    this.buffer = [];
    const column = <T>(value: (row: (typeof rows)[number]) => T): T[] => rows.map(value);
    // Raw SQL: `insert … select from unnest(…)`, one array per column (Kysely does not type it);
    // one statement for the chunk, whatever its size (a values list would take 8 parameters a row).
    await sql`
      insert into directory_import_report_row
             (import_id, phase, seq, source, kind, outcome, reason, changes)
      select ${this.importId}::uuid, r.phase, r.seq, r.source, r.kind, r.outcome, r.reason,
             r.changes::jsonb
        from unnest(${column((row) => row.phase)}::smallint[],
                    ${column((row) => row.seq)}::int[],
                    ${column((row) => row.entry.source)}::text[],
                    ${column((row) => row.entry.kind)}::text[],
                    ${column((row) => row.entry.outcome)}::text[],
                    ${column((row) => row.entry.reason ?? null)}::text[],
                    ${column((row) => (row.entry.changes ? JSON.stringify(row.entry.changes) : null))}::text[])
             as r(phase, seq, source, kind, outcome, reason, changes)`.execute(
      this.em.fork().getKysely<DirectoryTables>(),
    );
  }

  private push(phase: Phase, entry: ImportReportEntry): void {
    this.counts[entry.outcome] += 1;
    this.buffer.push({ phase, seq: this.nextSeq[phase]++, entry });
  }
}

/** Rows an earlier, interrupted run of the same import left. */
export async function deleteReportRows(em: EntityManager, importId: string): Promise<void> {
  await em
    .getKysely<DirectoryTables>()
    .deleteFrom('directory_import_report_row')
    .where('import_id', '=', importId)
    .execute();
}

/**
 * The rows become the import's report (jsonb, in the file's order: refused items first), built in
 * the database; the rows are then deleted.
 */
export async function storeReport(em: EntityManager, importId: string): Promise<void> {
  const db = em.getKysely<DirectoryTables>();
  // Raw SQL: jsonb_agg over jsonb_build_object (absent reason and changes left out, as the
  // report entries have them), which Kysely does not type.
  await sql`
    update directory_import
       set report = coalesce(
             (select jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                       'source', r.source, 'kind', r.kind, 'outcome', r.outcome,
                       'reason', r.reason, 'changes', r.changes))
                       order by r.phase, r.seq)
                from directory_import_report_row r
               where r.import_id = ${importId}::uuid),
             '[]'::jsonb)
     where id = ${importId}::uuid`.execute(db);
  await deleteReportRows(em, importId);
}
