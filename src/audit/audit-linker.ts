import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { AuditService } from './audit.service';

/** How often each process links what has been committed: the longest an entry waits unlinked. */
export const AUDIT_LINK_INTERVAL_MS = 250;

/**
 * Links committed audit entries into the hash chain (`AuditService.link`) every
 * AUDIT_LINK_INTERVAL_MS, in every process that runs the application: whichever takes the
 * chain's lock links, the others skip that turn. On shutdown it finishes the turn under way and
 * links once more, waiting for the lock. Entries written later in the shutdown (a request or job
 * still finishing) wait, committed and behind the triggers, for the next process to start or
 * the next verification, which link them.
 */
@Injectable()
export class AuditLinker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditLinker.name);
  private timer: NodeJS.Timeout | null = null;
  private turn: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly audit: AuditService) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.turn;
    await this.linkOnce(true);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.turn = this.linkOnce().finally(() => this.schedule());
    }, AUDIT_LINK_INTERVAL_MS);
    this.timer.unref();
  }

  private async linkOnce(wait = false): Promise<void> {
    try {
      await this.audit.link({ wait });
    } catch (error) {
      // The next turn tries again; the entries wait, committed, and nothing is lost. An entry
      // that cannot be hashed would stop the chain here: said loudly, every turn.
      this.logger.error(`Linking the audit chain failed: ${(error as Error).message}`);
    }
  }
}
