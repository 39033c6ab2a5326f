import 'reflect-metadata';

import { MikroORM } from '@mikro-orm/postgresql';

import { ConfigValidationError, loadConfig, withDatabaseUrl } from '../config/load-config';
import { EmbeddedPostgres } from '../database/embedded-postgres';
import { buildOrmOptions } from '../database/mikro-orm.options';
import { AuditEntry } from './audit-entry.entity';
import { AuditAnchor, AuditService } from './audit.service';

/**
 * `npm run audit:verify [-- --anchor <id>:<hash>] [--json]`: walks the audit
 * chain of the database the service is configured for (the same settings:
 * DATABASE_URL and DATABASE_SCHEMA, or the embedded PostgreSQL under
 * DATA_DIR), names the first broken link, and prints the anchor to note for
 * the next run. Reads only; the service may be running. Exit code 0 when the
 * chain is whole, 1 when it is broken, 2 when it could not be checked.
 */
const USAGE = 'Usage: npm run audit:verify [-- --anchor <id>:<sha-256 hex>] [--json]';

interface Options {
  readonly anchor?: AuditAnchor;
  readonly json: boolean;
}

function parseArguments(args: readonly string[]): Options {
  let anchor: AuditAnchor | undefined;
  let json = false;
  for (let index = 0; index < args.length; index += 1) {
    const argument = args[index];
    if (argument === '--json') {
      json = true;
    } else if (argument === '--anchor') {
      const match = /^(\d+):([0-9a-f]{64})$/.exec(args[index + 1] ?? '');
      if (!match) {
        throw new UsageError(`--anchor needs <id>:<hash>, as a previous run printed it. ${USAGE}`);
      }
      anchor = { id: match[1], hash: match[2] };
      index += 1;
    } else {
      throw new UsageError(`Unknown argument ${JSON.stringify(argument)}. ${USAGE}`);
    }
  }
  return { anchor, json };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const options = parseArguments(process.argv.slice(2));
  let config = loadConfig();
  let embedded: EmbeddedPostgres | undefined;
  if (config.database.isEmbedded) {
    // Reuses the service's server when it runs; otherwise starts it and stops it again.
    embedded = await EmbeddedPostgres.start({
      dataDir: config.database.embedded.dataDir,
      port: config.database.embedded.port,
      database: 'iup',
      log: () => undefined,
    });
    config = withDatabaseUrl(config, embedded.url);
  }
  const orm = await MikroORM.init(buildOrmOptions(config, [AuditEntry]));
  try {
    const audit = new AuditService(orm.em);
    // The head is read first: everything up to it is on the chain the walk then verifies.
    const head = await audit.head();
    const result = await audit.verify({ anchor: options.anchor });
    let broken: { occurredAt: string; action: string } | null = null;
    if (result.firstBrokenEntry) {
      const entry = await orm.em
        .fork()
        .findOne(
          AuditEntry,
          { id: result.firstBrokenEntry.id },
          { fields: ['occurredAt', 'action'] },
        );
      broken = entry && { occurredAt: entry.occurredAt.toISOString(), action: entry.action };
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...result, brokenEntry: broken, head })}\n`);
    } else if (result.ok) {
      process.stdout.write(
        `The audit chain is whole: ${result.checked} entries checked` +
          `${options.anchor ? `, anchor ${options.anchor.id} found` : ''}.\n` +
          (head ? `Note this anchor for the next check: --anchor ${head.id}:${head.hash}\n` : ''),
      );
    } else {
      const first = result.firstBrokenEntry!;
      process.stdout.write(
        `The audit chain is BROKEN. First broken link: entry ${first.id}` +
          `${broken ? ` (${broken.action}, ${broken.occurredAt})` : ''}: ${first.reason}. ` +
          `${result.checked} entries checked.\n`,
      );
    }
    return result.ok ? 0 : 1;
  } finally {
    await orm.close();
    // Only a server this command started is stopped (EmbeddedPostgres.start reuses a running one).
    if (embedded?.startedHere) {
      await embedded.stop();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof UsageError || error instanceof ConfigValidationError
        ? error.message
        : (error as { code?: string }).code === '42P01'
          ? 'There is no audit log in this database schema (DATABASE_SCHEMA); has the service ever started on it?'
          : `The audit chain could not be checked: ${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(2);
  },
);
