// npm run bench [-- scenario …]: starts what the benchmarks need (an embedded
// PostgreSQL when DATABASE_URL is unset, a Redis when REDIS_URL is unset and
// none answers on 6379), runs each scenario as its own process, and writes
// the combined report bench/results/bench.{md,json} beside each scenario's own.
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import { machine, RESULTS } from './lib/common.mjs';

const SCENARIOS = [
  ['intake', 'bench/intake.mjs'],
  ['reviewer-queue', 'bench/reviewer-queue.mjs'],
  ['release', 'bench/release.mjs'],
  ['queues', 'bench/queues.mjs'],
  ['disposal', 'bench/disposal.mjs'],
  ['start', 'bench/start.mjs'],
  ['guard', 'bench/guard.mjs'],
  ['directory-import', 'bench/directory-import.mjs'],
  ['plans-term', 'bench/plans-term.mjs'],
  // Only when named (npm run bench -- national-scale): it seeds 1.1 M pupils (about half an hour
  // and tens of GB of disk) and disposes of a year's leavers.
  ['national-scale', 'bench/national-scale.mjs', { onlyWhenNamed: true }],
];
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !SCENARIOS.some(([known]) => known === name));
if (unknown.length > 0) {
  console.error(
    `Unknown scenario ${unknown.join(', ')}; choose from ${SCENARIOS.map(([n]) => n).join(', ')}`,
  );
  process.exit(2);
}
const selected = SCENARIOS.filter(
  ([name, , options]) => chosen.includes(name) || (chosen.length === 0 && !options?.onlyWhenNamed),
);

const answers = (port) =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const cleanups = [];
const env = { ...process.env };
try {
  if (!env.DATABASE_URL) {
    const { EmbeddedPostgres } = createRequire(import.meta.url)(
      '../dist/database/embedded-postgres.js',
    );
    // The cluster lives in a directory of its own under .data/bench; run as root, the database
    // runs as the postgres user, who must reach the directories above it.
    const parent = join(process.cwd(), '.data', 'bench');
    mkdirSync(parent, { recursive: true });
    chmodSync(join(process.cwd(), '.data'), 0o755);
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'postgres');
    const server = await EmbeddedPostgres.start({
      dataDir,
      port: 54339,
      database: 'bench',
      log: (message) => console.error(message),
    });
    env.DATABASE_URL = server.url;
    cleanups.push(() => server.stop());
  }
  if (!env.REDIS_URL) {
    if (!(await answers(6379))) {
      if (spawnSync('redis-server', ['--version']).status !== 0) {
        throw new Error(
          'No Redis answers on 127.0.0.1:6379 and redis-server is not installed; set REDIS_URL.',
        );
      }
      const redis = spawn(
        'redis-server',
        ['--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'],
        {
          stdio: 'ignore',
        },
      );
      for (let i = 0; i < 50 && !(await answers(6379)); i += 1)
        await new Promise((r) => setTimeout(r, 100));
      cleanups.push(() => redis.kill('SIGTERM'));
    }
    env.REDIS_URL = 'redis://127.0.0.1:6379';
  }

  const results = [];
  const failed = [];
  for (const [name, script] of SCENARIOS) {
    const file = new URL(`${name}.json`, RESULTS);
    if (!selected.some(([chosenName]) => chosenName === name)) {
      // Not run now: the combined report keeps its latest result, with that run's date.
      if (existsSync(file))
        results.push({ ...JSON.parse(readFileSync(file, 'utf8')), earlier: true });
      continue;
    }
    if (!existsSync(script)) throw new Error(`${script} is missing`);
    console.error(`\n== ${name} ==`);
    const started = performance.now();
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [script], { env, stdio: 'inherit' });
      child.once('exit', (exitCode) => resolve(exitCode));
    });
    if (code !== 0) failed.push(name);
    if (code !== 0 || !existsSync(file)) {
      results.push({ scenario: name, summary: [], exitCode: code, failedNow: true });
      continue;
    }
    results.push({
      ...JSON.parse(readFileSync(file, 'utf8')),
      exitCode: code,
      wallSeconds: +((performance.now() - started) / 1000).toFixed(0),
    });
  }

  const here = machine();
  const cell = (value) => (value === undefined || value === null ? '' : String(value));
  const md = [
    '# Benchmarks',
    '',
    `${here.date}, Node ${here.node}, ${here.cores} cores (${here.cpu}), ${here.memoryGb} GB. Each scenario's floor was measured in the same run; medians with min–max over the rounds. Details per scenario in bench/results/<scenario>.md.`,
    '',
    '| scenario | metric | median | min–max | floor | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.flatMap((result) =>
      (result.failedNow
        ? [{ metric: 'failed in this run (see its output)', unit: '', median: '' }]
        : result.summary
      ).map(
        (row) =>
          `| ${result.scenario}${result.earlier ? ` (${String(result.date).slice(0, 10)})` : ''} | ${row.metric} | ${row.median} ${row.unit} | ${cell(row.min)}–${cell(row.max)} | ${cell(row.floor)} | ${cell(row.ratio)} | ${cell(row.target)} | ${row.met === undefined ? '' : row.met ? 'yes' : '**no**'} |`,
      ),
    ),
    '',
    ...(failed.length > 0 ? [`Scenarios that reported a failure: ${failed.join(', ')}.`, ''] : []),
  ].join('\n');
  writeFileSync(
    new URL('bench.json', RESULTS),
    `${JSON.stringify({ ...here, scenarios: results }, null, 2)}\n`,
  );
  writeFileSync(new URL('bench.md', RESULTS), md);
  process.stdout.write(`\n${md}`);
  if (failed.length > 0) process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}
