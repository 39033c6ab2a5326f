import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DirectoryImportService } from './directory-import.service';

/** The import's own program, beside this file (dist/directory/ once built). */
const PROGRAM = join(__dirname, 'directory-import.main.js');
/**
 * Run from the TypeScript sources (the tests' application inside jest) there is no program to
 * start: the import then runs in this process. The built service always starts it.
 */
const FROM_SOURCES = __filename.endsWith('.ts');

/**
 * Runs a directory import in a process of its own (`directory-import.main.ts`), started with
 * DIRECTORY_IMPORT_NODE_ARGS (a heap sized for the import) and the service's environment, with the
 * database's address as this process knows it (also the embedded PostgreSQL's). Its log lines
 * are the service's own (the same standard output and error). Resolves when the import ran to
 * its end; rejects when the process failed or was stopped, so that the job is retried (the
 * import starts over from its stored file).
 */
@Injectable()
export class DirectoryImportProcess implements OnModuleDestroy {
  private readonly logger = new Logger(DirectoryImportProcess.name);
  private readonly running = new Set<ChildProcess>();
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly imports: DirectoryImportService,
  ) {}

  run(importId: string): Promise<void> {
    if (FROM_SOURCES) {
      return this.imports.runImport(importId);
    }
    if (this.stopping) {
      // The worker is stopping: no new import here (the job is taken up again after the restart).
      return Promise.reject(new Error('The worker is stopping; the directory import waits for it'));
    }
    // eslint-disable-next-line no-restricted-properties -- passing the environment through to a child process (it reads the same settings)
    const environment = process.env;
    const child = fork(PROGRAM, [importId], {
      execArgv: [...this.config.directoryImport.nodeArgs],
      // The embedded PostgreSQL's address is this process's alone; any other comes to the child as
      // it came here (also as DATABASE_URL_FILE, which must not be given beside DATABASE_URL).
      env: this.config.database.isEmbedded
        ? { ...environment, DATABASE_URL: this.config.database.url }
        : environment,
      stdio: 'inherit',
    });
    this.running.add(child);
    return new Promise<void>((resolve, reject) => {
      child.on('error', (error) => {
        this.running.delete(child);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        this.running.delete(child);
        if (code === 0) {
          resolve();
          return;
        }
        reject(
          new Error(
            `The directory import ${importId} did not finish: its process ended with ${
              signal ?? `exit code ${code}`
            }`,
          ),
        );
      });
    });
  }

  /**
   * A stopping worker stops its imports first (before the queue's workers wait for their jobs):
   * an import takes minutes, and its job is taken up again after the restart.
   */
  onModuleDestroy(): void {
    this.stopping = true;
    for (const child of this.running) {
      this.logger.warn({ pid: child.pid }, 'Stopping a directory import (its job is retried)');
      child.kill('SIGTERM');
    }
  }
}
