import {
  chmod,
  chown,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

import { Client } from 'pg';

import type { RunAs } from './embedded-postgres';

/*
 * Backup and restore of the embedded PostgreSQL's cluster, which ships no
 * pg_dump or pg_basebackup (only initdb, pg_ctl and postgres). An online
 * physical backup with PostgreSQL's low-level API ("Making a Base Backup Using
 * the Low Level API" in its manual): on one connection held open,
 * `pg_backup_start` → copy the data directory → `pg_backup_stop`, whose label
 * goes into the copy as `backup_label`, then the WAL segments from the start
 * to the stop location. The service keeps running and writing throughout; a
 * temporary replication slot keeps the server from recycling the WAL the copy
 * needs until it is taken. Starting a server on the restored directory replays
 * that WAL (crash recovery from the label) to the moment the backup ended.
 *
 * A backup directory:
 *   backup-manifest.json   what was taken (locations, WAL segments, version)
 *   postgres/              the cluster, with backup_label and its WAL in pg_wal/
 *   postgres.password      the superuser's password, which the service reads beside the cluster
 * which is DATA_DIR's own layout, so a restore copies it into an empty DATA_DIR.
 */

export const MANIFEST_FILE = 'backup-manifest.json';
export const CLUSTER_DIR = 'postgres';
export const PASSWORD_FILE = 'postgres.password';
const MANIFEST_FORMAT = 'iup-records embedded PostgreSQL backup, v1';

export interface BackupManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly label: string;
  readonly createdAt: string;
  readonly postgresVersion: string;
  readonly startLsn: string;
  readonly stopLsn: string;
  readonly walSegmentSize: number;
  /** Every WAL segment from the one holding the start location to the one holding the stop location. */
  readonly walSegments: readonly string[];
  readonly files: number;
  readonly bytes: number;
}

/** Files PostgreSQL's manual says to leave out, or that only the running server needs. */
const SKIPPED_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'backup_label.old',
  'tablespace_map',
  'current_logfiles',
  // EmbeddedPostgres's server log (pg_ctl -l), written to while the copy runs.
  'server.log',
]);

/** Directories whose contents are left out (the directory itself is kept, empty). */
const EMPTIED_DIRECTORIES = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
]);

/** Copied last, as pg_basebackup does: the rest of the copy is older than it. */
const CONTROL_FILE = join('global', 'pg_control');

export class BackupError extends Error {}

export interface BackupOptions {
  /** The running cluster's data directory (DATA_DIR/postgres). */
  readonly clusterDir: string;
  /** A superuser connection to the running server. */
  readonly url: string;
  /** A directory that does not exist yet or is empty. */
  readonly destination: string;
  readonly log: (message: string) => void;
}

/** Takes an online backup of the running embedded cluster into `destination`. */
export async function backUpCluster(options: BackupOptions): Promise<BackupManifest> {
  await assertEmptyOrMissing(options.destination, 'The backup destination');
  await mkdir(options.destination, { recursive: true, mode: 0o700 });
  await chmod(options.destination, 0o700);
  const target = join(options.destination, CLUSTER_DIR);

  if ((await readdir(join(options.clusterDir, 'pg_tblspc'))).length > 0) {
    throw new BackupError('The cluster has tablespaces of its own; this backup does not copy them');
  }

  const client = new Client({ connectionString: options.url });
  await client.connect();
  const slot = `iup_backup_${process.pid}`;
  try {
    const settings = await client.query<{ version: string; segment_size: string }>(
      `select current_setting('server_version') as version,
              (select setting from pg_settings where name = 'wal_segment_size') as segment_size`,
    );
    const postgresVersion = settings.rows[0].version;
    const walSegmentSize = Number(settings.rows[0].segment_size);
    // Holds the WAL from here on until this connection ends: a checkpoint during a long copy
    // would otherwise be free to recycle segments the backup needs.
    await client.query('select pg_create_physical_replication_slot($1, true, true)', [slot]);
    const label = `iup-records ${new Date().toISOString()}`;
    const started = await client.query<{ lsn: string; walfile: string }>(
      'select lsn::text, pg_walfile_name(lsn) as walfile from pg_backup_start($1, true) as lsn',
      [label],
    );
    const startLsn = started.rows[0].lsn;
    const timeline = started.rows[0].walfile.slice(0, 8);
    options.log(`Backup started at WAL location ${startLsn}; copying ${options.clusterDir}`);

    const copied = await copyClusterFiles(options.clusterDir, target);

    const stopped = await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>(
      'select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)',
    );
    const { lsn: stopLsn, labelfile, spcmapfile } = stopped.rows[0];
    await writeFile(join(target, 'backup_label'), labelfile, { mode: 0o600 });
    if (spcmapfile) {
      await writeFile(join(target, 'tablespace_map'), spcmapfile, { mode: 0o600 });
    }

    const walSegments = walSegmentsBetween(timeline, startLsn, stopLsn, walSegmentSize);
    for (const segment of walSegments) {
      const from = join(options.clusterDir, 'pg_wal', segment);
      const size = await stat(from).then(
        (found) => found.size,
        () => -1,
      );
      if (size !== walSegmentSize) {
        throw new BackupError(
          `WAL segment ${segment} is ${size < 0 ? 'missing' : `${size} bytes, not ${walSegmentSize}`}; the backup is incomplete`,
        );
      }
      await copyFile(from, join(target, 'pg_wal', segment));
    }
    await client.query('select pg_drop_replication_slot($1)', [slot]);

    await copyFile(
      join(dirname(options.clusterDir), PASSWORD_FILE),
      join(options.destination, PASSWORD_FILE),
    );
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      label,
      createdAt: new Date().toISOString(),
      postgresVersion,
      startLsn,
      stopLsn,
      walSegmentSize,
      walSegments,
      files: copied.files + walSegments.length,
      bytes: copied.bytes + walSegments.length * walSegmentSize,
    };
    await writeFile(
      join(options.destination, MANIFEST_FILE),
      `${JSON.stringify(manifest, null, 2)}\n`,
      { mode: 0o600 },
    );
    return manifest;
  } finally {
    // Ending the session also ends a backup left running by a failure and drops the slot.
    await client.end();
  }
}

/** Copies the cluster as the low-level API asks: files that vanish meanwhile are simply gone. */
async function copyClusterFiles(
  source: string,
  target: string,
): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  const copyDirectory = async (from: string, to: string, empty: boolean): Promise<void> => {
    const mode = (await stat(from)).mode & 0o777;
    await mkdir(to, { mode });
    await chmod(to, mode);
    if (empty) {
      return;
    }
    for (const entry of await readdir(from, { withFileTypes: true })) {
      const path = join(from, entry.name);
      const relativePath = relative(source, path);
      if (entry.isDirectory()) {
        await copyDirectory(path, join(to, entry.name), EMPTIED_DIRECTORIES.has(relativePath));
      } else if (entry.isFile()) {
        if (
          (from === source && SKIPPED_FILES.has(entry.name)) ||
          entry.name === 'pg_internal.init' ||
          entry.name.startsWith('pgsql_tmp') ||
          relativePath === CONTROL_FILE
        ) {
          continue;
        }
        const size = await copyIfPresent(path, join(to, entry.name));
        if (size >= 0) {
          files += 1;
          bytes += size;
        }
      } else if (entry.isSymbolicLink()) {
        throw new BackupError(`${relativePath} is a symbolic link; this backup copies none`);
      }
    }
  };
  await copyDirectory(source, target, false);
  await mkdir(join(target, 'pg_wal', 'archive_status'), { recursive: true, mode: 0o700 });
  await mkdir(join(target, 'pg_wal', 'summaries'), { recursive: true, mode: 0o700 });
  const control = await copyIfPresent(join(source, CONTROL_FILE), join(target, CONTROL_FILE));
  if (control < 0) {
    throw new BackupError(`${CONTROL_FILE} is missing from ${source}`);
  }
  return { files: files + 1, bytes: bytes + control };
}

/** The size copied, or -1 when the file was removed before it could be copied. */
async function copyIfPresent(from: string, to: string): Promise<number> {
  try {
    await copyFile(from, to);
    return (await stat(to)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return -1;
    }
    throw error;
  }
}

/** `16/B374D848` → a number. */
export function parseLsn(lsn: string): bigint {
  const match = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(lsn);
  if (!match) {
    throw new Error(`Not a WAL location: ${lsn}`);
  }
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/**
 * The names of the WAL segments from the one holding `startLsn` to the one
 * holding the last byte before `stopLsn` (the end of the backup's last
 * record), as PostgreSQL names them: timeline, then the segment number split
 * in two 8-digit hex halves.
 */
export function walSegmentsBetween(
  timeline: string,
  startLsn: string,
  stopLsn: string,
  segmentSize: number,
): string[] {
  const size = BigInt(segmentSize);
  const perId = 0x1_0000_0000n / size;
  const first = parseLsn(startLsn) / size;
  const last = (parseLsn(stopLsn) - 1n) / size;
  const hex = (value: bigint): string => value.toString(16).toUpperCase().padStart(8, '0');
  const names: string[] = [];
  for (let segment = first; segment <= last; segment += 1n) {
    names.push(`${timeline}${hex(segment / perId)}${hex(segment % perId)}`);
  }
  return names;
}

export interface RestoreOptions {
  /** A directory `npm run backup` wrote. */
  readonly backup: string;
  /** DATA_DIR: missing or empty. */
  readonly dataDir: string;
  /** Who the server runs as (as root: the `postgres` user). */
  readonly runAs: RunAs;
}

/**
 * Copies a backup into an empty DATA_DIR, after checking that it is whole
 * (its manifest, label and every WAL segment it lists). The first start of a
 * server on it replays the WAL to the end of the backup.
 */
export async function restoreCluster(options: RestoreOptions): Promise<BackupManifest> {
  const manifest = await readManifest(options.backup);
  await assertEmptyOrMissing(options.dataDir, 'The data directory (DATA_DIR)');

  await mkdir(options.dataDir, { recursive: true });
  const source = join(options.backup, CLUSTER_DIR);
  const target = join(options.dataDir, CLUSTER_DIR);
  await copyTree(source, target);
  await copyFile(join(options.backup, PASSWORD_FILE), join(options.dataDir, PASSWORD_FILE));
  await chmod(join(options.dataDir, PASSWORD_FILE), 0o600);
  // PostgreSQL refuses a data directory others may read, or one owned by another user.
  await chmod(target, 0o700);
  if (options.runAs.uid !== undefined && options.runAs.gid !== undefined) {
    await chownTree(target, options.runAs.uid, options.runAs.gid);
  }
  return manifest;
}

async function readManifest(backup: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(backup, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(
      `${backup} is not a backup made by npm run backup (no readable ${MANIFEST_FILE})`,
    );
  }
  if (manifest.format !== MANIFEST_FORMAT) {
    throw new BackupError(`${backup}: unknown backup format ${JSON.stringify(manifest.format)}`);
  }
  const required = [
    join(CLUSTER_DIR, 'PG_VERSION'),
    join(CLUSTER_DIR, 'backup_label'),
    join(CLUSTER_DIR, CONTROL_FILE),
    PASSWORD_FILE,
    ...manifest.walSegments.map((segment) => join(CLUSTER_DIR, 'pg_wal', segment)),
  ];
  for (const file of required) {
    const found = await stat(join(backup, file)).catch(() => null);
    if (!found?.isFile()) {
      throw new BackupError(`${backup} is incomplete: ${file} is missing`);
    }
  }
  return manifest;
}

async function assertEmptyOrMissing(path: string, what: string): Promise<void> {
  const entries = await readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return [];
    }
    if (error.code === 'ENOTDIR') {
      throw new BackupError(`${what} ${path} is a file, not a directory`);
    }
    throw error;
  });
  if (entries.length > 0) {
    throw new BackupError(
      `${what} ${path} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); ` +
        'choose an empty or new directory',
    );
  }
}

async function copyTree(from: string, to: string): Promise<void> {
  const mode = (await stat(from)).mode & 0o777;
  await mkdir(to, { mode });
  await chmod(to, mode);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      await copyTree(join(from, entry.name), join(to, entry.name));
    } else if (entry.isFile()) {
      await copyFile(join(from, entry.name), join(to, entry.name));
    } else {
      throw new BackupError(`${join(from, entry.name)} is not a plain file or directory`);
    }
  }
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await chown(path, uid, gid);
  if ((await lstat(path)).isDirectory()) {
    for (const name of await readdir(path)) {
      await chownTree(join(path, name), uid, gid);
    }
  }
}
