import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

import { AuditService } from './audit.service';

/** How often each process links what has been committed: the longest an entry waits unlinked. */
export const AUDIT_LINK_INTERVAL_MS = 250;

/**
 * Links committed audit entries into the hash chain (`AuditService.link`) every
 * AUDIT_LINK_INTERVAL_MS, in every process that runs the application: whichever takes the
 * chain's lock links, the others skip that turn. On shutdown it finishes the turn under way and
 * links once more, so what this process wrote is in the chain when it stops.
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
    await this.linkOnce();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.turn = this.linkOnce().finally(() => this.schedule());
    }, AUDIT_LINK_INTERVAL_MS);
    this.timer.unref();
  }

  private async linkOnce(): Promise<void> {
    try {
      await this.audit.link({ wait: false });
    } catch (error) {
      // The next turn tries again; the entries wait, committed, and nothing is lost.
      this.logger.warn(`Linking the audit chain failed: ${(error as Error).message}`);
    }
  }
}
