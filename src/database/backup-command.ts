import { resolve } from 'node:path';

import type { AppConfig } from '../config/app-config';
import { ConfigValidationError, loadCommandConfig } from '../config/load-config';
import { BackupError } from './embedded-backup';

/** Wrong arguments or settings: exit code 2. */
export class UsageError extends Error {}

/**
 * What `npm run backup` and `npm run restore` share: one directory argument,
 * the service's own settings, and the embedded database only (with
 * DATABASE_URL set, `externalHint` says which PostgreSQL tool to use).
 */
export function embeddedDatabaseCommand(
  usage: string,
  externalHint: string,
): { readonly directory: string; readonly config: AppConfig } {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('-')) {
    throw new UsageError(usage);
  }
  const directory = resolve(args[0]);
  const config = loadCommandConfig();
  if (!config.database.isEmbedded) {
    throw new UsageError(`DATABASE_URL is set: ${externalHint} (README, "Backups").`);
  }
  return { directory, config };
}

/**
 * Runs the command and exits: 0 done; 1 refused (`refused: …`, a BackupError)
 * or failed (`failed: …` with the stack); 2 wrong arguments or settings.
 */
export function runBackupCommand(
  main: () => Promise<number>,
  words: { readonly refused: string; readonly failed: string },
): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof BackupError) {
        process.stderr.write(`${words.refused}: ${error.message}\n`);
        process.exit(1);
      }
      if (error instanceof UsageError || error instanceof ConfigValidationError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${words.failed}: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
