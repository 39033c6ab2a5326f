/**
 * Rows per multi-row statement: PostgreSQL takes at most 65,535 parameters in one statement, and
 * the directory's widest row has 11 columns.
 */
export const ROWS_PER_STATEMENT = 1000;

/** Writes the rows a batch at a time, in order (one statement per batch). */
export async function inBatches<T>(
  rows: readonly T[],
  write: (batch: T[]) => Promise<unknown>,
  size = ROWS_PER_STATEMENT,
): Promise<void> {
  for (let start = 0; start < rows.length; start += size) {
    await write(rows.slice(start, start + size));
  }
}
