import { appendFileSync } from 'node:fs';

/**
 * The reliability suite's categories. A spec file in test/reliability/ is named
 * `<category>.<topic>.rel-spec.ts`; the category reporter groups by that prefix.
 */
export type Category = 'faults' | 'load' | 'fuzz' | 'access' | 'websec' | 'audit';

export interface Counts {
  /** Cases tried: generated inputs, matrix cells, scenarios, tampered entries … */
  readonly cases: number;
  /** Failures found among them (0 when the property held everywhere). */
  readonly failures: number;
  /** Shown beside the counts, e.g. "skipped: TEST_SKIP_LOAD=1". */
  readonly note?: string;
}

/**
 * Records what a test tried, for the per-category summary printed at the end of
 * the run (test/support/category-reporter.js). The counts go to the file
 * global-setup names, so they reach the reporter from every jest worker.
 */
export function tally(category: Category, counts: Counts): void {
  const file = process.env.TEST_TALLY_FILE;
  if (!file) {
    return;
  }
  const testName = expect.getState().currentTestName ?? '';
  appendFileSync(file, `${JSON.stringify({ category, testName, ...counts })}\n`);
}
