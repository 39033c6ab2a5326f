import { EntityManager, IsolationLevel, QueryOrder } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { Expression, RawBuilder } from 'kysely';

import { correlationId } from '../common/request-context';
import { computeEntryHash, GENESIS_HASH, toAuditEntryContent, verifyChain } from './audit-chain';
import type { ChainedAuditEntry } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import type { AuditTables } from './audit-entry.entity';
import type { AuditEvent } from './audit-event';

/**
 * Any fixed number, other than the migration lock's; the same in every
 * process, so that one linker at a time extends the chain.
 */
const AUDIT_CHAIN_LOCK_KEY = 4_711_2027;
const VERIFY_BATCH_SIZE = 5_000;
/** Entries linked per transaction of the linker. */
const LINK_BATCH_SIZE = 5_000;

/** The answer of `verify()`, also the JSON of the verify endpoint. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Entries examined: all of them when ok, else up to and including the first broken one. */
  readonly checked: number;
  readonly firstBrokenEntry: { readonly id: string; readonly reason: string } | null;
}

/**
 * An entry's id and hash noted outside the database (a diary entry, a
 * printout) after a verification. A hash chain alone cannot show that its
 * newest entries were deleted; the anchor can: its entry must still be there,
 * with the same hash, on the verified chain.
 */
export interface AuditAnchor {
  readonly id: string;
  readonly hash: string;
}

/** How `link` takes the chain's lock: waiting for a linker at work, or leaving the linking to it. */
export interface LinkOptions {
  /** Wait for another process's linker (verification, an anchor); false: return 0 at once. */
  readonly wait?: boolean;
  readonly batchSize?: number;
}

export const ANCHOR_MISSING_REASON =
  'the anchored entry is missing or its hash has changed (entries at the end of the log were deleted or rewritten)';

@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Adds an entry inside the caller's transaction, so the entry commits or
   * rolls back with the change it records. `em` is the transaction's entity
   * manager (the argument of `em.transactional(...)`). The entry stores the
   * request context's correlation id (null outside a request or job). It is
   * linked into the hash chain once committed (`link`); writers take no lock.
   */
  async record(em: EntityManager, event: AuditEvent): Promise<void> {
    if (!em.isInTransaction()) {
      throw new Error(
        'AuditService.record() needs the transaction of the change it records (use recordNow() for an event without one)',
      );
    }
    await sql`select ${this.appendCall(event)}`.execute(em.getKysely<AuditTables>());
  }

  /**
   * The insert as a Kysely expression: `add_audit_entry(...)` with the entry's fields (a
   * function call, which only `sql` can write), answering the new entry's id.
   *
   * In the one statement that also makes the change it records (call it in the statement's
   * final select, so it runs once the change is made and is never skipped), the change and its
   * entry commit together. `fromStatement` gives detail values known only inside that
   * statement (a registration number taken from the sequence there): detail key → expression,
   * stored as text. `countsFromStatement` does the same for whole numbers (rows the statement
   * wrote), which the entry keeps as JSON numbers.
   */
  appendCall(
    event: AuditEvent,
    fromStatement: Readonly<Record<string, Expression<unknown>>> = {},
    countsFromStatement: Readonly<Record<string, Expression<unknown>>> = {},
  ): RawBuilder<string> {
    // Validated with stand-ins for the values the statement gives, as it will be stored.
    const stand = Object.fromEntries(
      [...Object.keys(fromStatement), ...Object.keys(countsFromStatement)].map((key) => [key, 0]),
    );
    const content = toAuditEntryContent(
      { ...event, details: { ...event.details, ...stand } },
      new Date(),
      correlationId(),
    );
    let details: RawBuilder<unknown> = sql`${JSON.stringify(event.details ?? {})}::jsonb`;
    for (const [key, value] of Object.entries(fromStatement)) {
      details = sql`jsonb_set(${details}, ${`{${key}}`}::text[], to_jsonb((${value})::text))`;
    }
    for (const [key, value] of Object.entries(countsFromStatement)) {
      details = sql`jsonb_set(${details}, ${`{${key}}`}::text[], to_jsonb((${value})::bigint))`;
    }
    return sql<string>`add_audit_entry(${content.occurredAt}, ${content.action},
      ${content.actorAccountId}, ${content.actorPersonId}, ${JSON.stringify(content.actorRoles)}::jsonb,
      ${content.pupilId}, ${content.targetType}, ${content.targetId},
      ${details}, ${content.requestId})`;
  }

  /**
   * Records an event that has no change of its own to join (a read, a failed login), as one
   * statement that is its own transaction.
   */
  async recordNow(event: AuditEvent): Promise<void> {
    await sql`select ${this.appendCall(event)}`.execute(this.em.fork().getKysely<AuditTables>());
  }

  /**
   * Links the committed entries not yet in the chain, oldest id first, a batch per transaction
   * under the chain's lock: each gets the next chain position, the hash of the entry before it
   * and its own hash, computed over the entry as stored (exactly what `verify` recomputes).
   * Answers how many were linked. AuditLinker calls this every few hundred milliseconds in
   * every process (`wait: false`: one links, the others skip); verification and anchors call it
   * first and wait, so that they see every entry committed before them.
   */
  async link(options: LinkOptions = {}): Promise<number> {
    const batchSize = options.batchSize ?? LINK_BATCH_SIZE;
    if (!options.wait) {
      // The turn of an idle process: one round trip, no transaction, when nothing waits.
      const [{ waiting }] = (
        await sql<{
          waiting: boolean;
        }>`select exists (select 1 from audit_entry where chain_position is null) as waiting`.execute(
          this.em.fork().getKysely<AuditTables>(),
        )
      ).rows;
      if (!waiting) {
        return 0;
      }
    }
    let total = 0;
    for (;;) {
      const linked = await this.em.fork().transactional(
        async (em) => {
          const db = em.getKysely<AuditTables>();
          const lock = options.wait
            ? sql<{
                locked: boolean;
              }>`select true as locked from (select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})) as taken`
            : sql<{
                locked: boolean;
              }>`select pg_try_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}) as locked`;
          const [{ locked }] = (await lock.execute(db)).rows;
          if (!locked) {
            return 0;
          }
          // Read after the lock: the newest link and the entries committed by now.
          const last = await db
            .selectFrom('audit_entry')
            .select(['chain_position', 'hash'])
            .where('chain_position', 'is not', null)
            .orderBy('chain_position', 'desc')
            .limit(1)
            .executeTakeFirst();
          const pending = await em.find(
            AuditEntry,
            { chainPosition: null },
            { orderBy: { id: QueryOrder.ASC }, limit: batchSize },
          );
          if (pending.length === 0) {
            return 0;
          }
          let previous = last?.hash ?? GENESIS_HASH;
          let position = BigInt(last?.chain_position ?? 0);
          const ids: string[] = [];
          const prevHashes: string[] = [];
          const hashes: string[] = [];
          const positions: string[] = [];
          for (const entry of pending) {
            position += 1n;
            const hash = computeEntryHash(previous, entry);
            ids.push(entry.id);
            prevHashes.push(previous);
            hashes.push(hash);
            positions.push(position.toString());
            previous = hash;
          }
          await sql`update audit_entry as entry
             set prev_hash = link.prev_hash, hash = link.hash, chain_position = link.chain_position
            from unnest(${ids}::bigint[], ${prevHashes}::text[], ${hashes}::text[], ${positions}::bigint[])
                 as link(id, prev_hash, hash, chain_position)
           where entry.id = link.id`.execute(db);
          return pending.length;
        },
        // Read after the lock is granted: a snapshot older than it would miss the newest link.
        { isolationLevel: IsolationLevel.READ_COMMITTED },
      );
      total += linked;
      if (linked < batchSize) {
        return total;
      }
    }
  }

  /**
   * Links what is committed (waiting for a linker at work), then walks the chain in its order,
   * a batch at a time, and reports the first broken link. Entries linked during the walk come
   * after the last position read, so they are simply checked too when the walk reaches them.
   * With an anchor, its entry must be on the verified chain with the hash noted.
   */
  async verify(
    options: { batchSize?: number; anchor?: AuditAnchor } = {},
  ): Promise<AuditVerification> {
    const batchSize = options.batchSize ?? VERIFY_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`The verify batch size must be a positive integer, not ${batchSize}`);
    }
    await this.link({ wait: true });
    const anchor = options.anchor;
    let anchorFound = false;
    let previousHash = GENESIS_HASH;
    let lastPosition: string | null = null;
    let checked = 0;
    for (;;) {
      // A fresh fork per batch: nothing read stays in an identity map.
      const batch = (await this.em
        .fork()
        .find(
          AuditEntry,
          { chainPosition: lastPosition === null ? { $ne: null } : { $gt: lastPosition } },
          { orderBy: { chainPosition: QueryOrder.ASC }, limit: batchSize },
        )) as (AuditEntry & ChainedAuditEntry)[];
      const result = verifyChain(batch, previousHash);
      checked += result.checked;
      if (!result.ok) {
        return { ok: false, checked, firstBrokenEntry: result.firstBrokenEntry };
      }
      anchorFound ||=
        anchor !== undefined &&
        batch.some((entry) => entry.id === anchor.id && entry.hash === anchor.hash);
      if (batch.length < batchSize) {
        return anchor === undefined || anchorFound
          ? { ok: true, checked, firstBrokenEntry: null }
          : {
              ok: false,
              checked,
              firstBrokenEntry: { id: anchor.id, reason: ANCHOR_MISSING_REASON },
            };
      }
      previousHash = result.lastHash;
      lastPosition = batch[batch.length - 1].chainPosition;
    }
  }

  /**
   * The newest entry of `action` about `targetId`, committed before the caller's transaction
   * asks: its id, hash and time, to cite as an anchor in the chain (`verify-audit` shows the
   * chain from it is whole). Links what is committed first, so the entry has its hash.
   */
  async latestFor(
    em: EntityManager,
    action: string,
    targetId: string,
  ): Promise<(AuditAnchor & { occurredAt: Date }) | null> {
    await this.link({ wait: true });
    const [newest] = await em.find(
      AuditEntry,
      { action, targetId, chainPosition: { $ne: null } },
      { orderBy: { id: QueryOrder.DESC }, limit: 1, fields: ['id', 'hash', 'occurredAt'] },
    );
    return newest === undefined
      ? null
      : { id: newest.id, hash: newest.hash, occurredAt: newest.occurredAt };
  }

  /** The newest linked entry's id and hash: the anchor to note after a verification (null for an empty log). */
  async head(): Promise<AuditAnchor | null> {
    await this.link({ wait: true });
    const [newest] = await this.em
      .fork()
      .find(
        AuditEntry,
        { chainPosition: { $ne: null } },
        { orderBy: { chainPosition: QueryOrder.DESC }, limit: 1, fields: ['id', 'hash'] },
      );
    return newest === undefined ? null : { id: newest.id, hash: newest.hash };
  }
}
