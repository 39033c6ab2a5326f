// Benchmark 7, guard: the free-text guard's check of a whole plan (every free
// text of eight assessments, four goals with their actions and follow-ups, the
// self-assessment, other development, a guardian's comment and the talk's
// agreements; about 5,000 characters) with a class of 24 for the classmates'
// names, in ms per 1,000 characters. The plans are made of the labelled corpora's
// sentences in a seeded order, so each plan differs; the process's first plan
// (cold caches, before the JIT) is reported apart. Target: under 2 ms per 1,000 characters.
//   npm run build && node bench/guard.mjs   (BENCH_RUNS rounds, default 3; no database needed)
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { machine, percentile, runsFromEnv, summarize, writeResult } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { checkText } = require('../dist/content-guard/check-text.js');

const RUNS = runsFromEnv(3);
const PLANS = 300;
const TARGET_MS_PER_1000 = 2;

const sentences = ['corpus.sv.jsonl', 'corpus-independent.sv.jsonl'].flatMap((file) =>
  readFileSync(new URL(`../test/fixtures/content-guard/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line).text),
);
const context = JSON.parse(
  readFileSync(
    new URL('../test/fixtures/content-guard/corpus-independent.context.json', import.meta.url),
    'utf8',
  ),
);
const classmates = [
  ...context.classmates,
  ...['Ali Hassan', 'Selma Öberg', 'Otto Forsberg', 'Siri Wallin', 'Nils Lindberg'].map((name) => {
    const [givenName, familyName] = name.split(' ');
    return { givenName, familyName };
  }),
];
const guardContext = { pupil: context.pupil, classmates, staff: [context.mentor] };

/** A seeded generator (mulberry32), so every run checks the same plans. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The free texts of one plan: [sentences per field] for each field of a full plan. */
function planTexts(next) {
  const text = (count) =>
    Array.from({ length: count }, () => sentences[Math.floor(next() * sentences.length)]).join(' ');
  return [
    ...Array.from({ length: 8 }, () => text(5)),
    ...Array.from({ length: 4 }, () => [text(2), text(2), text(2), text(2), text(2)]).flat(),
    text(3),
    text(3),
    text(4),
    text(2),
    text(4),
  ];
}

function checkPlan(texts) {
  const started = performance.now();
  let findings = 0;
  for (const text of texts) findings += checkText(text, guardContext).length;
  return { ms: performance.now() - started, findings };
}

const rounds = [];
for (let round = 0; round < RUNS; round += 1) {
  const next = random(2026 + round);
  const plans = Array.from({ length: PLANS }, () => planTexts(next));
  const perThousand = [];
  let characters = 0;
  let findings = 0;
  let cold = null;
  for (const texts of plans) {
    const length = texts.reduce((sum, text) => sum + text.length, 0);
    const checked = checkPlan(texts);
    const value = (checked.ms / length) * 1000;
    if (cold === null) cold = value;
    perThousand.push(value);
    characters += length;
    findings += checked.findings;
  }
  rounds.push({
    median: percentile(perThousand, 50),
    p95: percentile(perThousand, 95),
    cold,
    meanCharacters: Math.round(characters / PLANS),
    findings,
  });
  console.error(
    `round ${round + 1}: median ${rounds.at(-1).median.toFixed(3)} ms/1000 chars, p95 ${rounds.at(-1).p95.toFixed(3)}, cold ${cold.toFixed(2)}`,
  );
}

const median = summarize(
  rounds.map((r) => r.median),
  3,
);
const p95 = summarize(
  rounds.map((r) => r.p95),
  3,
);
// Only the first round's first plan meets cold caches; later rounds run in the same process.
const cold = summarize([rounds[0].cold], 2);
const result = {
  scenario: 'guard',
  ...machine(),
  plans: PLANS,
  meanCharactersPerPlan: rounds[0].meanCharacters,
  rounds,
  summary: [
    {
      metric: 'guard: a whole plan, median per plan',
      unit: 'ms/1000 chars',
      ...median,
      target: `< ${TARGET_MS_PER_1000}`,
      met: median.median < TARGET_MS_PER_1000,
    },
    { metric: 'guard: a whole plan, p95 per plan', unit: 'ms/1000 chars', ...p95 },
    { metric: 'guard: the first plan of a process (cold)', unit: 'ms/1000 chars', ...cold },
  ],
};
writeResult(
  'guard',
  result,
  [
    '# Guard: a whole plan',
    '',
    `${result.date}, Node ${result.node}, ${result.cores} cores. ${PLANS} plans of about ${result.meanCharactersPerPlan} characters per round, ${RUNS} rounds; medians with min–max over the rounds.`,
    '',
    '| metric | median | min–max | target | met |',
    '| --- | --- | --- | --- | --- |',
    ...result.summary.map(
      (row) =>
        `| ${row.metric} | ${row.median} ${row.unit} | ${row.min}–${row.max} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : '**no**'} |`,
    ),
    '',
  ].join('\n'),
);
