import { EntityManager, QueryOrder } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { Expression, RawBuilder } from 'kysely';

import { correlationId } from '../common/request-context';
import { canonicalizeEntry, GENESIS_HASH, toAuditEntryContent, verifyChain } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import type { AuditTables } from './audit-entry.entity';
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

export const ANCHOR_MISSING_REASON =
  'the anchored entry is missing or its hash has changed (entries at the end of the log were deleted or rewritten)';

@Injectable()
export class AuditService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Appends an entry inside the caller's transaction, so the entry commits or
   * rolls back with the change it records. `em` is the transaction's entity
   * manager (the argument of `em.transactional(...)`). The entry stores the
   * request context's correlation id (null outside a request or job).
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
    await sql`select ${this.appendCall(event)}`.execute(em.getKysely<AuditTables>());
  }

  /**
   * The append as a Kysely expression: `append_audit_entry(...)` with the entry's fields and its
   * canonical form (a function call, which only `sql` can write). It takes the chain's lock,
   * reads the newest hash after it and inserts.
   *
   * In the one statement that also makes the change it records (call it in the statement's
   * final select, so it runs once the change is made and is never skipped), the change and its
   * entry commit together and no round trip is made while the chain's lock is held.
   * `fromStatement` gives detail values known only inside that statement (a registration number
   * taken from the sequence there): detail key → expression. Such a value must be plain text
   * JSON needs no escaping for (letters, digits, `._:-`); anything else makes the statement fail.
   * `countsFromStatement` does the same for whole numbers (rows the statement wrote), which the
   * entry keeps as JSON numbers.
   */
  appendCall(
    event: AuditEvent,
    fromStatement: Readonly<Record<string, Expression<unknown>>> = {},
    countsFromStatement: Readonly<Record<string, Expression<unknown>>> = {},
  ): RawBuilder<string> {
    const keys = Object.keys(fromStatement);
    const countKeys = Object.keys(countsFromStatement);
    const placeholder = (key: string): string => `\uE000${key}\uE000`;
    const content = toAuditEntryContent(
      {
        ...event,
        details: {
          ...event.details,
          ...Object.fromEntries([...keys, ...countKeys].map((key) => [key, placeholder(key)])),
        },
      },
      new Date(),
      correlationId(),
    );
    const plain = (key: string): RawBuilder<string> =>
      sql`(case when (${fromStatement[key]})::text ~ '^[A-Za-z0-9._:-]+$' then (${fromStatement[key]})::text end)`;
    let canonical: RawBuilder<string> = sql`${canonicalizeEntry(content)}`;
    let details: RawBuilder<unknown> = sql`${JSON.stringify(content.details)}::jsonb`;
    for (const key of keys) {
      canonical = sql`replace(${canonical}, ${placeholder(key)}, ${plain(key)})`;
      details = sql`jsonb_set(${details}, ${`{${key}}`}::text[], to_jsonb(${plain(key)}))`;
    }
    for (const key of countKeys) {
      const count = sql`(${countsFromStatement[key]})::bigint`;
      // The quotes go too: in the canonical form a number is written bare.
      canonical = sql`replace(${canonical}, ${JSON.stringify(placeholder(key))}, (${count})::text)`;
      details = sql`jsonb_set(${details}, ${`{${key}}`}::text[], to_jsonb(${count}))`;
    }
    return sql<string>`append_audit_entry(${AUDIT_CHAIN_LOCK_KEY}, ${content.occurredAt}, ${content.action},
      ${content.actorAccountId}, ${content.actorPersonId}, ${JSON.stringify(content.actorRoles)}::jsonb,
      ${content.pupilId}, ${content.targetType}, ${content.targetId},
      ${details}, ${content.requestId}, ${canonical})`;
  }

  /**
   * Records an event that has no change of its own to join (a read, a failed login), as one
   * statement that is its own transaction: the chain's lock is held for that statement and its
   * commit only, not across the BEGIN and COMMIT round trips to this process (every read and
   * sign-in of the municipality takes that lock; a busy event loop would hold them all up).
   */
  async recordNow(event: AuditEvent): Promise<void> {
    await sql`select ${this.appendCall(event)}`.execute(this.em.fork().getKysely<AuditTables>());
  }

  /**
   * Walks the whole log in id order, a batch at a time, and reports the first
   * broken link. Entries committed during the walk are appended after the
   * last id read (ids are taken under the lock), so they are simply checked
   * too when the walk reaches them. With an anchor, its entry must be on the
   * verified chain with the hash noted.
   */
  async verify(
    options: { batchSize?: number; anchor?: AuditAnchor } = {},
  ): Promise<AuditVerification> {
    const batchSize = options.batchSize ?? VERIFY_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`The verify batch size must be a positive integer, not ${batchSize}`);
    }
    const anchor = options.anchor;
    let anchorFound = false;
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
      lastId = batch[batch.length - 1].id;
    }
  }

  /**
   * The newest entry of `action` about `targetId`, inside the caller's
   * transaction: its id, hash and time, to cite as an anchor in the chain
   * (`verify-audit` shows the chain from it is whole).
   */
  async latestFor(
    em: EntityManager,
    action: string,
    targetId: string,
  ): Promise<(AuditAnchor & { occurredAt: Date }) | null> {
    const [newest] = await em.find(
      AuditEntry,
      { action, targetId },
      { orderBy: { id: QueryOrder.DESC }, limit: 1, fields: ['id', 'hash', 'occurredAt'] },
    );
    return newest === undefined
      ? null
      : { id: newest.id, hash: newest.hash, occurredAt: newest.occurredAt };
  }

  /** The newest entry's id and hash: the anchor to note after a verification (null for an empty log). */
  async head(): Promise<AuditAnchor | null> {
    const [newest] = await this.em
      .fork()
      .find(AuditEntry, {}, { orderBy: { id: QueryOrder.DESC }, limit: 1, fields: ['id', 'hash'] });
    return newest === undefined ? null : { id: newest.id, hash: newest.hash };
  }
}
