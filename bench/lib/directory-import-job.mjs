// Runs one directory import the way the worker's job does (DirectoryImportService.runImport:
// read the stored file, parse, write as sets, store the report, recompute disposal dates,
// audit), in a process of its own so that its peak RSS is the job's. The file is stored as
// the upload would store it. Prints one line of JSON.
//
//   DATABASE_URL=… DATABASE_SCHEMA=… node bench/lib/directory-import-job.mjs FILE
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
// Stored as an upload is (the service's own submitImport, in parts); the job is then run here
// rather than through the queue, so that this process is the worker and its RSS the job's.
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
const { id } = await service.submitImport(administrator, {
  format: 'ss12000',
  fileName: 'bench.json',
  content: readFileSync(process.argv[2]),
});
globalThis.gc?.();
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
