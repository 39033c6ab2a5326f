import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';

import { IDEMPOTENCY_KEY_HOURS, IDEMPOTENCY_WAIT_MS, IdempotencyClaim } from './intake-idempotency';
import type { RequestsTables } from './requests.entities';

/** A filing made earlier with the same key. */
export interface EarlierFiling {
  readonly fingerprint: string;
  readonly requestId: string;
  readonly registrationNumber: string;
  readonly receiptCodeSealed: Buffer;
}

/** The key rows of idempotent filings (`intake_idempotency_key`). */
@Injectable()
export class IntakeIdempotencyRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Claims the key in the filing's transaction `em`, naming the request the
   * caller is about to insert there: null when claimed (file it now), or the
   * filing made earlier with the key. The row is uncommitted until the
   * filing commits, so a concurrent retry with the key waits here, on the
   * primary key, for the first to finish — then finds its filing, or (had it
   * failed and rolled back) claims the key itself. The wait is bounded by
   * `IDEMPOTENCY_WAIT_MS` (PostgreSQL's lock_timeout, 55P03). A key older
   * than `IDEMPOTENCY_KEY_HOURS` is forgotten and claimed anew.
   */
  async claim(
    em: EntityManager,
    claim: IdempotencyClaim & { readonly requestId: string; readonly receiptCodeSealed: Buffer },
    now: Date,
  ): Promise<EarlierFiling | null> {
    const db = em.getKysely<RequestsTables>();
    const expiredBefore = keyExpiry(now);
    // Raw SQL: a session setting (SET LOCAL), which Kysely has no builder for.
    await sql`set local lock_timeout = ${sql.lit(IDEMPOTENCY_WAIT_MS)}`.execute(db);
    try {
      // Twice at most: a key found expired is deleted, then claimed.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const claimed = await db
          .insertInto('intake_idempotency_key')
          .values({
            key_hash: claim.keyHash,
            route: claim.route,
            fingerprint: claim.fingerprint,
            request_id: claim.requestId,
            receipt_code_sealed: claim.receiptCodeSealed,
            created_at: now,
          })
          .onConflict((conflict) => conflict.column('key_hash').doNothing())
          .returning('key_hash')
          .executeTakeFirst();
        if (claimed) {
          return null;
        }
        const earlier = await db
          .selectFrom('intake_idempotency_key as k')
          .innerJoin('records_request as r', 'r.id', 'k.request_id')
          .select([
            'k.fingerprint',
            'k.request_id',
            'k.receipt_code_sealed',
            'k.created_at',
            'r.registration_number',
          ])
          .where('k.key_hash', '=', claim.keyHash)
          .executeTakeFirst();
        if (earlier && new Date(earlier.created_at) >= expiredBefore) {
          return {
            fingerprint: earlier.fingerprint,
            requestId: earlier.request_id,
            registrationNumber: earlier.registration_number,
            receiptCodeSealed: earlier.receipt_code_sealed,
          };
        }
        await db
          .deleteFrom('intake_idempotency_key')
          .where('key_hash', '=', claim.keyHash)
          .where('created_at', '<', expiredBefore.toISOString())
          .execute();
      }
      throw new Error('An idempotency key could be neither claimed nor found');
    } finally {
      // The filing's own statements wait on locks as long as they always have.
      // Raw SQL: the same setting back to its default.
      await sql`set local lock_timeout to default`.execute(db).catch(() => undefined);
    }
  }

  /** Forgets the keys older than `IDEMPOTENCY_KEY_HOURS` (the minute sweep); returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.em
      .fork()
      .getKysely<RequestsTables>()
      .deleteFrom('intake_idempotency_key')
      .where('created_at', '<', keyExpiry(now).toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function keyExpiry(now: Date): Date {
  return new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000);
}

/** PostgreSQL gave up waiting for a lock (lock_timeout): here, a retry whose first is still running. */
export function isLockTimeout(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    if ((cause as { code?: unknown }).code === '55P03') {
      return true;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
