import { createHash } from 'node:crypto';

import type { AuditDetails, AuditEvent } from './audit-event';

/** The previous hash of the first entry: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/** Keeps entries to ids and counts (see AuditDetailValue); a longer text is a mistake in the caller. */
export const MAX_DETAILS_LENGTH = 16_384;

const MAX_TEXT_LENGTH = 200;
const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const ROLE_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]*$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HASH_PATTERN = /^[0-9a-f]{64}$/;
// A lone surrogate (in u mode a valid pair is one code point and does not match).
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * What an entry says, exactly as the database gives it back (ids lower case,
 * roles sorted): everything its hash covers besides the previous hash. The
 * row id is left out on purpose: it only orders storage, the chain itself
 * (each entry naming its predecessor's hash) is what fixes the order.
 */
export interface AuditEntryContent {
  readonly occurredAt: Date;
  readonly action: string;
  readonly actorAccountId: string | null;
  readonly actorPersonId: string | null;
  readonly actorRoles: readonly string[];
  readonly pupilId: string | null;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly details: AuditDetails;
  /**
   * The correlation id (an HTTP request's `x-request-id`, or what a job
   * carries). Named after the column `request_id` and the canonical form's
   * key, both older than `requestId` meaning a records request; renaming
   * either would break the hashes of the entries already stored.
   */
  readonly requestId: string | null;
}

/** A stored entry: its content, its place in the chain and its own hash. */
export interface ChainedAuditEntry extends AuditEntryContent {
  readonly id: string;
  readonly prevHash: string;
  readonly hash: string;
}

export interface ChainBreak {
  readonly id: string;
  readonly reason: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  /** Entries examined, up to and including the first broken one. */
  readonly checked: number;
  readonly firstBrokenEntry: ChainBreak | null;
  /** The hash the next entry must name as its previous hash (to continue with the next batch). */
  readonly lastHash: string;
}

/** A programming error in the caller: the event cannot be stored as it is. */
export class InvalidAuditEventError extends Error {
  override readonly name = 'InvalidAuditEventError';
}

/**
 * Validates an event and turns it into the content that is stored and hashed.
 * Values are normalized to what PostgreSQL returns (a uuid comes back lower
 * case), so the hash computed now matches the one recomputed from the row.
 * `correlationId` is the request context's (see AuditService).
 */
export function toAuditEntryContent(
  event: AuditEvent,
  now: Date,
  correlationId: string | null = null,
): AuditEntryContent {
  if (!ACTION_PATTERN.test(event.action)) {
    throw new InvalidAuditEventError(
      `Audit action "${event.action}" is not dotted lower case (e.g. 'pupil.profile.read')`,
    );
  }
  const occurredAt = event.occurredAt ?? now;
  if (Number.isNaN(occurredAt.getTime())) {
    throw new InvalidAuditEventError('Audit occurredAt is not a valid date');
  }
  const roles = event.actor.roles ?? [];
  for (const role of roles) {
    if (!ROLE_PATTERN.test(role) || role.length > MAX_TEXT_LENGTH) {
      throw new InvalidAuditEventError(`Audit actor role "${role}" is not a role code`);
    }
  }
  const details = event.details ?? {};
  checkDetails(details);
  return {
    occurredAt: new Date(occurredAt.getTime()),
    action: event.action,
    actorAccountId: normalizeUuid('actor.accountId', event.actor.accountId),
    actorPersonId: normalizeUuid('actor.personId', event.actor.personId),
    // A set of codes: sorted and unique, so the same actor always reads the same.
    actorRoles: [...new Set(roles)].sort(),
    pupilId: normalizeUuid('pupilId', event.pupilId),
    targetType: normalizeText('targetType', event.targetType),
    targetId: normalizeText('targetId', event.targetId),
    details,
    requestId: normalizeText('correlationId', correlationId),
  };
}

/**
 * The entry as one string: JSON with keys sorted at every level, timestamps
 * in ISO 8601 (UTC, milliseconds) and absent values as explicit nulls. Throws
 * when the content holds something JSON cannot represent.
 */
export function canonicalizeEntry(entry: AuditEntryContent): string {
  return canonicalJson({
    action: entry.action,
    actorAccountId: entry.actorAccountId,
    actorPersonId: entry.actorPersonId,
    actorRoles: entry.actorRoles,
    details: entry.details,
    occurredAt: entry.occurredAt.toISOString(),
    pupilId: entry.pupilId,
    requestId: entry.requestId,
    targetId: entry.targetId,
    targetType: entry.targetType,
  });
}

/** SHA-256 (hex) over the previous entry's hash, a newline and the canonical entry. */
export function computeEntryHash(previousHash: string, entry: AuditEntryContent): string {
  return createHash('sha256')
    .update(`${previousHash}\n${canonicalizeEntry(entry)}`, 'utf8')
    .digest('hex');
}

/**
 * Checks entries in chain order and reports the first broken link: an entry
 * that does not name its predecessor's hash (one was deleted, inserted or
 * moved before it) or whose hash does not match its content (it was changed).
 * `previousHash` is the hash of the entry before the first one given
 * (GENESIS_HASH when starting at the beginning of the log).
 */
export function verifyChain(
  entries: Iterable<ChainedAuditEntry>,
  previousHash: string = GENESIS_HASH,
): ChainVerification {
  let expectedPrevious = previousHash;
  let checked = 0;
  for (const entry of entries) {
    checked += 1;
    const reason = findBreak(entry, expectedPrevious);
    if (reason !== null) {
      return {
        ok: false,
        checked,
        firstBrokenEntry: { id: entry.id, reason },
        lastHash: expectedPrevious,
      };
    }
    expectedPrevious = entry.hash;
  }
  return { ok: true, checked, firstBrokenEntry: null, lastHash: expectedPrevious };
}

function findBreak(entry: ChainedAuditEntry, expectedPrevious: string): string | null {
  if (entry.prevHash !== expectedPrevious) {
    return expectedPrevious === GENESIS_HASH
      ? 'prev_hash is not the genesis hash, although no entry precedes this one (entries before it were deleted)'
      : 'prev_hash does not match the hash of the preceding entry (an entry was deleted, inserted or moved)';
  }
  if (!HASH_PATTERN.test(entry.hash)) {
    return 'hash is not a SHA-256 hex digest';
  }
  let recomputed: string;
  try {
    recomputed = computeEntryHash(entry.prevHash, entry);
  } catch (error) {
    return `the entry cannot be serialized (${error instanceof Error ? error.message : String(error)})`;
  }
  return recomputed === entry.hash
    ? null
    : 'hash does not match the content of the entry (the entry was changed)';
}

function canonicalJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new Error(`${value} is not a JSON number`);
      }
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new Error('only plain objects can be serialized');
      }
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new Error(`a ${typeof value} is not a JSON value`);
  }
}

function normalizeUuid(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!UUID_PATTERN.test(value)) {
    throw new InvalidAuditEventError(`Audit ${field} is not a uuid`);
  }
  return value.toLowerCase();
}

function normalizeText(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (value.length === 0 || value.length > MAX_TEXT_LENGTH || !isStorableText(value)) {
    throw new InvalidAuditEventError(
      `Audit ${field} must be 1 to ${MAX_TEXT_LENGTH} characters of storable text`,
    );
  }
  return value;
}

function checkDetails(details: AuditDetails): void {
  const prototype: unknown = Object.getPrototypeOf(details);
  if (typeof details !== 'object' || (prototype !== Object.prototype && prototype !== null)) {
    throw new InvalidAuditEventError('Audit details must be a plain object');
  }
  for (const [key, value] of Object.entries(details)) {
    if (key.length === 0 || !isStorableText(key)) {
      throw new InvalidAuditEventError(`Audit details key "${key}" is not storable`);
    }
    if (!isDetailValue(value)) {
      throw new InvalidAuditEventError(`Audit details.${key} is not an id, count, code or flag`);
    }
  }
  if (canonicalJson(details).length > MAX_DETAILS_LENGTH) {
    throw new InvalidAuditEventError(
      `Audit details are longer than ${MAX_DETAILS_LENGTH} characters; record ids and counts only`,
    );
  }
}

function isDetailValue(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') {
    return true;
  }
  if (Array.isArray(value)) {
    return value.every((item) => isScalarDetail(item));
  }
  return isScalarDetail(value);
}

function isScalarDetail(value: unknown): boolean {
  return (
    (typeof value === 'string' && isStorableText(value)) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** PostgreSQL's text and jsonb refuse NUL characters and lone surrogates. */
function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}
