// Two steps of a directory import, each in a process of its own:
//
//   node bench/lib/directory-import-job.mjs submit FILE   stores the file as an upload is stored
//                                                         (the service's submitImport, in parts);
//                                                         prints the import's id
//   node bench/lib/directory-import-job.mjs run ID        runs the job as the worker does: the
//                                                         import's own program
//                                                         (dist/directory/directory-import.main.js,
//                                                         which reads the parts, parses, writes as
//                                                         sets, stores the report, recomputes
//                                                         disposal dates, audits) in a process of
//                                                         its own with DIRECTORY_IMPORT_NODE_ARGS;
//                                                         prints one line of JSON with its time and
//                                                         that process's peak RSS (VmHWM, Linux)
//
// DATABASE_URL and DATABASE_SCHEMA say where.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const { MikroORM } = require('@mikro-orm/postgresql');
const { loadConfig } = require('../../dist/config/load-config.js');
const { buildOrmOptions } = require('../../dist/database/mikro-orm.options.js');
const { ALL_ENTITIES } = require('../../dist/entities.js');
const { AuditService } = require('../../dist/audit/audit.service.js');
const { AccountProvisioningService } = require('../../dist/auth/account-provisioning.service.js');
const { DirectoryImportService } = require('../../dist/directory/directory-import.service.js');

const config = loadConfig();
const orm = await MikroORM.init({ ...buildOrmOptions(config, ALL_ENTITIES), debug: false });
// The job is run by the `run` step rather than through the queue.
const notQueued = { add: async () => undefined };
const service = new DirectoryImportService(
  orm.em,
  new AuditService(orm.em),
  notQueued,
  config,
  new AccountProvisioningService(),
);
// The benchmark's schema has no accounts: the import is filed by no one (the column allows it).
const administrator = {
  accountId: null,
  personId: null,
  username: 'bench',
  displayName: 'Benchmark',
  roles: new Set(['administrator']),
  guardianOf: new Set(),
  mentorGroupIds: new Set(),
  mentorPupilIds: new Set(),
  teacherAssignments: [],
  principalUnitIds: new Set(),
};
const [step, argument] = process.argv.slice(2);
if (step === 'submit') {
  const { id } = await service.submitImport(administrator, {
    format: 'ss12000',
    fileName: 'bench.json',
    content: readFileSync(argument),
  });
  await orm.close(true);
  console.log(id);
  process.exit(0);
}
const id = argument;
const started = performance.now();
const peakRssMb = await runImportProcess(id);
const seconds = (performance.now() - started) / 1000;
const row = await orm.em
  .fork()
  .getKysely()
  .selectFrom('directory_import')
  .select([
    'status',
    'created_count',
    'updated_count',
    'unchanged_count',
    'rejected_count',
    'failure',
  ])
  .select((eb) => eb.fn('jsonb_array_length', ['report']).as('report_entries'))
  .where('id', '=', id)
  .executeTakeFirstOrThrow();
await orm.close(true);
console.log(
  JSON.stringify({ seconds, peakRssMb, nodeArgs: config.directoryImport.nodeArgs, ...row }),
);

/**
 * The import's program as DirectoryImportProcess starts it (its node arguments, the service's
 * environment); its peak RSS is read from /proc while it runs (VmHWM only grows, so the last
 * reading is the peak, give or take the last 50 ms).
 */
function runImportProcess(importId) {
  const child = spawn(
    process.execPath,
    [...config.directoryImport.nodeArgs, 'dist/directory/directory-import.main.js', importId],
    {
      env: { ...process.env, DATABASE_URL: config.database.url },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  let peakKb = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // Gone already.
    }
  };
  const timer = setInterval(read, 50);
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      clearInterval(timer);
      if (code === 0) resolve(peakKb / 1024);
      else reject(new Error(`the import's process ended with ${signal ?? code}`));
    });
  });
}
