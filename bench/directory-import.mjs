// Scenario "directory-import": the nightly SS 12000 file at national-municipality scale
// (100,000 pupils, 180,000 guardians, 8,000 staff, 4,000 classes with their members, the
// staff's duties): the first import into an empty directory, the same file again, and a file
// with 1 % of the persons and memberships changed. Each import runs as the worker's job does,
// in a process of its own (bench/lib/directory-import-job.mjs), timed from the stored file to
// the stored report, with the process's peak RSS. Targets: < 60 s, < 20 s, < 20 s, < 500 MB.
//
// PUPILS=10000 for a quicker, smaller run (guardians, staff and classes scale with it).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dropSchemas, machine, requireDatabaseUrl, writeResult } from './lib/common.mjs';
import { buildSs12000 } from './lib/ss12000-file.mjs';

const databaseUrl = requireDatabaseUrl();
const pupils = Number(process.env.PUPILS ?? 100_000);
const scale = pupils / 100_000;
const sizes = {
  pupils,
  guardians: Math.round(180_000 * scale),
  staff: Math.round(8_000 * scale),
  groups: Math.max(250, Math.round((4_000 * scale) / 250) * 250),
  units: 250,
};
const schema = `bench_directory_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'iup-directory-bench-'));

function writeFile(name, changed) {
  const path = join(dir, name);
  writeFileSync(path, buildSs12000({ ...sizes, changed }));
  return { path, mb: +(statSync(path).size / 1e6).toFixed(1) };
}

function step(...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/lib/directory-import-job.mjs', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`the import job exited with ${code}: ${out}`));
      else resolve(line);
    });
  });
}

async function runJob(file) {
  const id = await step('submit', file);
  return JSON.parse(await step('run', id));
}

const result = { scenario: 'directory-import', ...machine(), sizes, runs: {} };
try {
  const { migrateDatabase } = await import('../dist/database/migrate.js');
  const { loadConfig } = await import('../dist/config/load-config.js');
  await migrateDatabase(
    loadConfig({ ...process.env, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema }),
  );
  const first = writeFile('first.json', 0);
  const changed = writeFile('changed.json', 0.01);
  result.fileMb = first.mb;
  for (const [name, file] of [
    ['first', first],
    ['again', first],
    ['changed', changed],
  ]) {
    result.runs[name] = await runJob(file.path);
    console.log(name, JSON.stringify(result.runs[name]));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas(schema);
}

const targets = { first: 60, again: 20, changed: 20 };
const labels = {
  first: 'first import into an empty directory',
  again: 'the same file again',
  changed: 'a file with 1 % changed',
};
const rssTarget = 500;
const peakRss = Math.max(...Object.values(result.runs).map((run) => run.peakRssMb));
result.summary = [
  ...Object.entries(result.runs).map(([name, run]) => ({
    metric: `${labels[name]} (${sizes.pupils.toLocaleString('en')} pupils)`,
    unit: 's',
    median: +run.seconds.toFixed(1),
    target: `< ${targets[name]} s`,
    met: run.seconds < targets[name],
  })),
  {
    metric: 'peak RSS of the import job',
    unit: 'MB',
    median: +peakRss.toFixed(0),
    target: `< ${rssTarget} MB`,
    met: peakRss < rssTarget,
  },
];
const lines = Object.entries(result.runs).flatMap(([name, run]) => [
  `| ${labels[name]} | ${run.seconds.toFixed(1)} s | < ${targets[name]} s | ${run.seconds < targets[name] ? 'yes' : '**no**'} | ${run.peakRssMb.toFixed(0)} MB | ${run.created_count} / ${run.updated_count} / ${run.unchanged_count} / ${run.rejected_count} |`,
]);
writeResult(
  'directory-import',
  result,
  [
    '# Directory import',
    '',
    `${result.date}, Node ${result.node}, ${result.cores} cores. ${sizes.pupils} pupils, ${sizes.guardians} guardians, ${sizes.staff} staff, ${sizes.groups} classes, ${sizes.units} school units; the file is ${result.fileMb} MB. Each import is one run of the worker's job in a process of its own (stored file → parsed → written as sets → report stored → disposal dates → audit); peak RSS is that process's (target < 500 MB).`,
    '',
    '| import | time | target | met | peak RSS | created / updated / unchanged / rejected |',
    '| --- | --- | --- | --- | --- | --- |',
    ...lines,
    '',
  ].join('\n'),
);
