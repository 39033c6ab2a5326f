import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';

import { embeddedDatabaseCommand, runBackupCommand, UsageError } from './backup-command';
import { BackupError, backUpCluster } from './embedded-backup';
import { EmbeddedPostgres } from './embedded-postgres';

/**
 * `npm run backup -- <destination>`: an online backup of the embedded
 * PostgreSQL (DATA_DIR) into a new or empty directory, while the service runs
 * or not (embedded-backup.ts says how). Restore it with `npm run restore`.
 * With DATABASE_URL set it refuses: an external PostgreSQL is backed up with
 * its own tools (README, "Backups").
 *
 * Exit codes: 0 written; 1 refused or failed (nothing usable written);
 * 2 wrong arguments or settings.
 */
const USAGE = 'Usage: npm run backup -- <destination directory (new or empty)>';

async function main(): Promise<number> {
  const { directory: destination, config } = embeddedDatabaseCommand(
    USAGE,
    'back up that PostgreSQL with its own tools, e.g. ' +
      '`pg_dump --format=custom --file=iup.dump "$DATABASE_URL"`',
  );
  const clusterDir = config.database.embedded.dataDir;
  if (!relative(clusterDir, destination).startsWith('..')) {
    throw new UsageError(`The destination may not lie inside the database's own ${clusterDir}.`);
  }
  if (!(await stat(resolve(clusterDir, 'PG_VERSION')).catch(() => null))) {
    throw new BackupError(
      `There is no embedded database in ${clusterDir} (DATA_DIR); nothing to back up.`,
    );
  }

  // Reuses the running service's server; otherwise starts it for the backup and stops it again.
  const server = await EmbeddedPostgres.start({
    dataDir: clusterDir,
    port: config.database.embedded.port,
    database: 'iup',
    log: () => undefined,
  });
  try {
    const manifest = await backUpCluster({
      clusterDir,
      url: server.url,
      destination,
      log: (message) => process.stdout.write(`${message}\n`),
    });
    const megabytes = (manifest.bytes / 1024 / 1024).toFixed(1);
    process.stdout.write(
      `Backup written to ${destination}: ${manifest.files} files, ${megabytes} MB, ` +
        `WAL ${manifest.startLsn} to ${manifest.stopLsn} (${manifest.walSegments.length} segments).\n` +
        `Restore it into an empty DATA_DIR, with the service stopped: npm run restore -- ${destination}\n`,
    );
    return 0;
  } finally {
    if (server.startedHere) {
      await server.stop();
    }
  }
}

runBackupCommand(main, { refused: 'Backup failed', failed: 'Backup failed' });
