// Measures the built free-text guard (dist/, `npm run build` first) on a
// labelled corpus, for tuning: per-category recall and precision, and the
// sentences it misses or wrongly flags. On the independent corpus only the
// tuning half is listed: the held-out half is for the test's figures alone.
//
//   node scripts/guard-corpus.mjs FILE.jsonl [--context FILE.json] [--half tuning|held-out|all] [--category NAME] [--quiet]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { checkText } = require('../dist/content-guard/check-text.js');
const { CATEGORY_NAMES } = require('../dist/content-guard/categories.js');
const { isHeldOut, measure, metricsTable } = require('../dist/content-guard/corpus-metrics.js');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    context: { type: 'string' },
    half: { type: 'string', default: 'all' },
    category: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
if (positionals.length !== 1) {
  console.error(
    'usage: node scripts/guard-corpus.mjs FILE.jsonl [--context FILE.json] [--half tuning|held-out|all] [--category NAME] [--quiet]',
  );
  process.exit(2);
}
const file = positionals[0];
const independent = basename(file) === 'corpus-independent.sv.jsonl';
if (independent && values.half === 'all') values.half = 'tuning';
const rawContext = values.context ? JSON.parse(readFileSync(values.context, 'utf8')) : {};
const context = rawContext.mentor ? { ...rawContext, staff: [rawContext.mentor] } : rawContext;

const corpus = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line))
  .filter((s) =>
    values.half === 'all'
      ? true
      : values.half === 'held-out'
        ? isHeldOut(s.text)
        : !isHeldOut(s.text),
  );
const metrics = measure(corpus, context);
console.log(`# ${file} (${values.half}: ${corpus.length} sentences)\n`);
console.log(metricsTable(metrics).join('\n'));
const listing = !values.quiet && !(independent && values.half === 'held-out');
if (!listing) process.exit(0);
const only = values.category;
if (only && !CATEGORY_NAMES.includes(only)) {
  console.error(`unknown category ${only}`);
  process.exit(2);
}
console.log('\n## Missed and wrongly flagged\n');
for (const s of corpus) {
  const findings = checkText(s.text, context);
  const found = new Set(findings.map((f) => f.category));
  const expected = new Set(s.categories);
  const missed = [...expected].filter((c) => !found.has(c) && (!only || c === only));
  const wrong = findings.filter((f) => !expected.has(f.category) && (!only || f.category === only));
  if (missed.length) console.log(`MISS ${missed.join(',')}: ${s.text}`);
  for (const f of wrong) console.log(`FP   ${f.category} "${f.match}": ${s.text}`);
}
