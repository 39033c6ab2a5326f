import { dirname } from 'node:path';

import { Client } from 'pg';

import { embeddedDatabaseCommand, runBackupCommand } from './backup-command';
import { BackupError, restoreCluster } from './embedded-backup';
import { EmbeddedPostgres, resolveRunAs } from './embedded-postgres';

/**
 * `npm run restore -- <backup directory>`: puts a backup `npm run backup`
 * made into DATA_DIR, which must be empty or missing (a restore never
 * overwrites a database; move the old one aside first), then starts the
 * embedded PostgreSQL once on it, so it replays the backup's WAL, checks that
 * it answers, and stops it. The service must be stopped (with an empty
 * DATA_DIR it cannot be running on it). With DATABASE_URL set it refuses:
 * an external PostgreSQL is restored with its own tools (README, "Backups").
 *
 * Exit codes: 0 restored; 1 refused or failed; 2 wrong arguments or settings.
 */
const USAGE = 'Usage: npm run restore -- <backup directory>   (into an empty DATA_DIR)';

async function main(): Promise<number> {
  const { directory: backup, config } = embeddedDatabaseCommand(
    USAGE,
    'restore that PostgreSQL with its own tools, e.g. ' +
      '`pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" iup.dump`',
  );
  const clusterDir = config.database.embedded.dataDir;
  const dataDir = dirname(clusterDir);
  const log = (message: string): void => void process.stdout.write(`${message}\n`);

  const manifest = await restoreCluster({ backup, dataDir, runAs: await resolveRunAs(log) });
  log(`Copied the backup of ${manifest.createdAt} into ${dataDir}; recovering`);

  // The first start replays the WAL up to the end of the backup; then it must answer.
  const server = await EmbeddedPostgres.start({
    dataDir: clusterDir,
    port: config.database.embedded.port,
    database: 'iup',
    log: () => undefined,
  });
  try {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    try {
      const state = await client.query<{ recovering: boolean; lsn: string }>(
        'select pg_is_in_recovery() as recovering, pg_current_wal_lsn()::text as lsn',
      );
      if (state.rows[0].recovering) {
        throw new BackupError('PostgreSQL is still recovering the restored directory');
      }
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
  log(
    `Restored: PostgreSQL recovered to the end of the backup (WAL ${manifest.stopLsn}) and stopped. ` +
      'Start the service on it as usual (npm start); `npm run audit:verify` checks the audit chain.',
  );
  return 0;
}

runBackupCommand(main, { refused: 'Restore refused', failed: 'Restore failed' });
