import 'reflect-metadata';

import type { LoggerService } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Logger as Pino } from 'pino';

import { AuditService } from '../audit/audit.service';
import { AccountProvisioningService } from '../auth/account-provisioning.service';
import { plainLogger } from '../common/logging/log-format';
import { loadConfig } from '../config/load-config';
import { buildOrmOptions } from '../database/mikro-orm.options';
import { ALL_ENTITIES } from '../entities';
import { DirectoryImportService } from './directory-import.service';
import type { RunImportPayload } from './directory.jobs';

/*
 * One directory import, in a process of its own (`DirectoryImportProcess` starts it for the
 * worker's job): `node dist/directory/directory-import.main.js IMPORT_ID`, with the service's
 * settings in the environment (DATABASE_URL given by the parent, also for the embedded
 * PostgreSQL). The import holds what it must know of the whole file (every person's key, the
 * custody pairs) for a minute or two; in a process of its own that memory is the operating
 * system's again the moment the import ends, and the heap is sized for the import alone (the
 * parent's node arguments), not for the web or the other jobs. Exit status 0: the import ran to
 * its end (completed, or failed for its file's sake, as the import's row says); anything else:
 * the job failed and is retried.
 */

/** Nest's `Logger` (which the service logs through) written as the service's JSON lines. */
class JsonLines implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes (message, ...params, context): an object message is fields, the next string its text. */
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const params = context === undefined ? rest : rest.slice(0, -1);
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      const text = typeof params[0] === 'string' ? params[0] : undefined;
      this.pino[level]({ context, ...message }, text);
    } else if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else {
      this.pino[level]({ context }, String(message));
    }
  }
}

async function main(importId: string | undefined): Promise<number> {
  const config = loadConfig();
  const log = plainLogger({ role: config.role }).child({ component: 'directory-import' });
  log.level = config.log.level;
  Logger.overrideLogger(new JsonLines(log));
  if (!importId) {
    log.error('No import id given');
    return 2;
  }
  const orm = await MikroORM.init({ ...buildOrmOptions(config, ALL_ENTITIES), debug: false });
  try {
    // The job runs the import; submitting (which queues) is the web's.
    const noQueue = {
      add: () => Promise.reject(new Error('The import process queues nothing')),
    };
    const imports = new DirectoryImportService(
      orm.em,
      new AuditService(orm.em),
      noQueue as unknown as Queue<RunImportPayload>,
      config,
      new AccountProvisioningService(),
    );
    await imports.runImport(importId);
    return 0;
  } finally {
    await orm.close(true);
  }
}

// The parent is gone (it was killed): stop too, rather than import beside the job's next attempt.
process.on('disconnect', () => process.exit(1));

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    plainLogger({ stream: 'stderr' })
      .child({ component: 'directory-import' })
      .error({ err: error }, 'The directory import stopped with an error');
    process.exit(1);
  },
);
