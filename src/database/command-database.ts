import type { AppConfig } from '../config/app-config';
import { withDatabaseUrl } from '../config/load-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { migrateDatabase } from './migrate';

/** The service's database as a command-line tool uses it. */
export interface CommandDatabase {
  /** The settings with the database URL known (the embedded server's, when it is used). */
  readonly config: AppConfig;
  /** Stops the embedded PostgreSQL if this command started it; a running service's is left alone. */
  close(): Promise<void>;
}

/**
 * Opens the database the service is configured for, for a command such as
 * `npm run admin:create`: DATABASE_URL, or the embedded PostgreSQL under
 * DATA_DIR — the running service's server when there is one, else started for
 * the command (initialised on first use) and stopped again by `close()`. With
 * `migrate`, applies pending migrations first, as the service does at start.
 */
export async function openCommandDatabase(
  initial: AppConfig,
  options: { readonly migrate: boolean; readonly log?: (message: string) => void },
): Promise<CommandDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let config = initial;
  if (config.database.isEmbedded) {
    embedded = await EmbeddedPostgres.start({
      dataDir: config.database.embedded.dataDir,
      port: config.database.embedded.port,
      database: 'iup',
      log: options.log ?? (() => undefined),
    });
    config = withDatabaseUrl(config, embedded.url);
  }
  const close = async (): Promise<void> => {
    if (embedded?.startedHere) {
      await embedded.stop();
    }
  };
  try {
    if (options.migrate) {
      await migrateDatabase(config);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { config, close };
}
