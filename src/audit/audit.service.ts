import { EntityManager, QueryOrder } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { computeEntryHash, GENESIS_HASH, toAuditEntryContent, verifyChain } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import type { AuditEvent } from './audit-event';

/**
 * Any fixed number, other than the migration lock's; the same in every
 * process, so all writers of the log take turns.
 */
const AUDIT_CHAIN_LOCK_KEY = 4_711_2027;
const VERIFY_BATCH_SIZE = 5_000;

/** The answer of `verify()`, also the JSON of the verify endpoint. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Entries examined: all of them when ok, else up to and including the first broken one. */
  readonly checked: number;
  readonly firstBrokenEntry: { readonly id: string; readonly reason: string } | null;
}

@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Appends an entry inside the caller's transaction, so the entry commits or
   * rolls back with the change it records. `em` is the transaction's entity
   * manager (the argument of `em.transactional(...)`).
   *
   * Writers take turns through a transaction-scoped advisory lock, held until
   * the caller commits: call this as the last step of the transaction, so the
   * lock is held briefly and never while waiting for other rows' locks.
   */
  async record(em: EntityManager, event: AuditEvent): Promise<void> {
    if (!em.isInTransaction()) {
      throw new Error(
        'AuditService.record() needs the transaction of the change it records (use recordNow() for an event without one)',
      );
    }
    const content = toAuditEntryContent(event, new Date());
    const [lock] = await em.execute<{ isolation: string }[]>(
      `select current_setting('transaction_isolation') as isolation, pg_advisory_xact_lock(?)`,
      [AUDIT_CHAIN_LOCK_KEY],
    );
    // A snapshot taken before the lock was granted would miss the entry
    // committed just before, and the new entry would fork the chain.
    if (lock?.isolation !== 'read committed') {
      throw new Error(
        `AuditService.record() needs a READ COMMITTED transaction, not ${lock?.isolation}`,
      );
    }
    // Its own statement, so its snapshot is taken after the lock was granted.
    const [newest] = await em.execute<{ hash: string }[]>(
      'select hash from audit_entry order by id desc limit 1',
    );
    const prevHash = newest?.hash ?? GENESIS_HASH;
    await em.insert(AuditEntry, {
      ...content,
      actorRoles: [...content.actorRoles],
      prevHash,
      hash: computeEntryHash(prevHash, content),
    });
  }

  /** Records an event that has no change of its own to join (a read, a failed login). */
  async recordNow(event: AuditEvent): Promise<void> {
    await this.em.fork().transactional((em) => this.record(em, event));
  }

  /**
   * Walks the whole log in id order, a batch at a time, and reports the first
   * broken link. Entries committed during the walk are appended after the
   * last id read (ids are taken under the lock), so they are simply checked
   * too when the walk reaches them.
   */
  async verify(options: { batchSize?: number } = {}): Promise<AuditVerification> {
    const batchSize = options.batchSize ?? VERIFY_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`The verify batch size must be a positive integer, not ${batchSize}`);
    }
    let previousHash = GENESIS_HASH;
    let lastId: string | null = null;
    let checked = 0;
    for (;;) {
      // A fresh fork per batch: nothing read stays in an identity map.
      const batch: AuditEntry[] = await this.em
        .fork()
        .find(AuditEntry, lastId === null ? {} : { id: { $gt: lastId } }, {
          orderBy: { id: QueryOrder.ASC },
          limit: batchSize,
        });
      const result = verifyChain(batch, previousHash);
      checked += result.checked;
      if (!result.ok) {
        return { ok: false, checked, firstBrokenEntry: result.firstBrokenEntry };
      }
      if (batch.length < batchSize) {
        return { ok: true, checked, firstBrokenEntry: null };
      }
      previousHash = result.lastHash;
      lastId = batch[batch.length - 1].id;
    }
  }
}
