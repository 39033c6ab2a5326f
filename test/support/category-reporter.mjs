// Prints, after the run, what each category of the reliability suite tried and
// found: test files named test/reliability/<category>.<topic>.rel-spec.ts, with
// the cases counted by test/support/tally.ts.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import process from 'node:process';

const TITLES = {
  faults: 'Faults (processes killed, Redis and PostgreSQL down)',
  load: 'Load with faults',
  fuzz: 'Fuzzing (API bodies, forms, uploads)',
  access: 'Access matrix (routes × roles × own/other)',
  websec: 'Web security',
  audit: 'Audit chain tampering',
};

function categoryOf(testPath) {
  const match = /^([a-z]+)\.[^/]*\.rel-spec\.ts$/.exec(basename(testPath));
  return match && TITLES[match[1]] ? match[1] : null;
}

export default class CategoryReporter {
  onRunComplete(_contexts, results) {
    const rows = new Map();
    const row = (category) => {
      if (!rows.has(category)) {
        rows.set(category, { passed: 0, failed: 0, skipped: 0, cases: 0, failures: 0, notes: [] });
      }
      return rows.get(category);
    };
    for (const file of results.testResults) {
      const category = categoryOf(file.testFilePath);
      if (!category) continue;
      const counts = row(category);
      for (const test of file.testResults) {
        if (test.status === 'passed') counts.passed += 1;
        else if (test.status === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      if (file.testExecError) counts.failed += 1;
    }
    const tallyFile = process.env.TEST_TALLY_FILE;
    const tallied = new Set();
    if (tallyFile && existsSync(tallyFile)) {
      for (const line of readFileSync(tallyFile, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line);
        if (!TITLES[entry.category]) continue;
        const counts = row(entry.category);
        counts.cases += entry.cases;
        counts.failures += entry.failures;
        if (entry.note) counts.notes.push(entry.note);
        tallied.add(entry.category);
      }
    }
    if (rows.size === 0) return;
    const lines = ['', 'Reliability and security suite, per category:'];
    for (const category of Object.keys(TITLES)) {
      const counts = rows.get(category);
      if (!counts) continue;
      // A category without tallies counts its tests as its cases.
      const cases = tallied.has(category) ? counts.cases : counts.passed + counts.failed;
      const failures = Math.max(counts.failures, counts.failed);
      const notes = [...new Set(counts.notes)];
      lines.push(
        `  ${TITLES[category]}: ${counts.passed + counts.failed} tests ` +
          `(${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}), ` +
          `${cases.toLocaleString('en-GB')} cases tried, ${failures} failures found` +
          (notes.length ? ` — ${notes.join('; ')}` : ''),
      );
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
  }
}
