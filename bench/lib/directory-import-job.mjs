// Two steps of a directory import, each in a process of its own:
//
//   node bench/lib/directory-import-job.mjs submit FILE   stores the file as an upload is stored
//                                                         (the service's submitImport, in parts);
//                                                         prints the import's id
//   node bench/lib/directory-import-job.mjs run ID        runs the job as the worker does
//                                                         (DirectoryImportService.runImport: read
//                                                         the parts, parse, write as sets, store the
//                                                         report, recompute disposal dates, audit);
//                                                         prints one line of JSON with its time and
//                                                         this process's peak RSS, the job's alone
//
// DATABASE_URL and DATABASE_SCHEMA say where.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
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
await service.runImport(id);
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
console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, ...row }));
