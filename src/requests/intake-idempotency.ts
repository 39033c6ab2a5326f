import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto';

import type { Origin } from './request-intake.service';
import type { IntakeRoute } from './requests.entities';

/** How long a key is remembered: a retry within it gets the first answer; after it the key is new. */
export const IDEMPOTENCY_KEY_HOURS = 24;

/**
 * How long a retry waits for the first request with its key, still being
 * served, to finish (it then gets that answer) before it is told 409 with
 * `Retry-After`. Filing takes well under a second; this is for a stuck one.
 */
export const IDEMPOTENCY_WAIT_MS = 5000;

/** What a key row is found and checked by. */
export interface IdempotencyClaim {
  readonly route: IntakeRoute;
  /** SHA-256 of route, caller and key: one key per route and caller. */
  readonly keyHash: string;
  /** HMAC-SHA-256 of what is filed, keyed with the client's key. */
  readonly fingerprint: string;
}

/** The route a filing came by: each has its own keys. */
export function intakeRouteOf(origin: Origin): IntakeRoute {
  switch (origin.channel) {
    case 'web':
    case 'api':
      return 'public';
    case 'guardian':
      return 'guardian';
    case 'forwarded':
      return 'forwarded';
    default:
      return 'registered';
  }
}

/**
 * The key's identity and the filing's fingerprint. Keys are per route and per
 * caller: a signed-in account's keys are its own; an anonymous filing has
 * only the key, and its body must match. The fingerprint covers the body as
 * the service received it and what the route adds (the child, the channel
 * and the day received), with keys sorted, so the same request sent twice
 * matches however its JSON was laid out. Keyed with the client's key, it
 * tells nothing of the body to someone who reads the table.
 */
export function idempotencyClaim(key: string, origin: Origin, body: unknown): IdempotencyClaim {
  const route = intakeRouteOf(origin);
  const caller = 'actor' in origin ? origin.actor.accountId : '';
  const filed = {
    body,
    channel: origin.channel,
    pupilId: origin.channel === 'guardian' ? origin.pupilId : null,
    receivedOn: 'receivedOn' in origin ? origin.receivedOn : null,
  };
  return {
    route,
    // A key is printable ASCII: NUL cannot occur in it, so the parts cannot run together.
    keyHash: createHash('sha256').update(`${route}\0${caller}\0${key}`).digest('hex'),
    fingerprint: createHmac('sha256', key).update(canonicalJson(filed)).digest('hex'),
  };
}

/** JSON with every object's keys sorted; undefined members left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sorted);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, member]) => [name, sorted(member)]),
    );
  }
  return value;
}

const SEAL_INFO = 'iup-records: receipt code of an idempotent filing';
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The receipt code opens a request's status and copies, so it is stored
 * nowhere in the clear (only its hash, on the request). A retry must get it
 * back, so the key row keeps it sealed (AES-256-GCM) with a key derived from
 * the client's Idempotency-Key (HKDF-SHA-256, a random salt per row), bound
 * to the row's key hash. Whoever holds the key and the body could file the
 * same request and read the answer anyway.
 */
export function sealReceiptCode(key: string, keyHash: string, receiptCode: string): Buffer {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(key, salt), nonce);
  cipher.setAAD(Buffer.from(keyHash, 'utf8'));
  const sealed = Buffer.concat([cipher.update(receiptCode, 'utf8'), cipher.final()]);
  return Buffer.concat([salt, nonce, cipher.getAuthTag(), sealed]);
}

/** The receipt code sealed by `sealReceiptCode`; throws when the key or the row does not fit. */
export function openReceiptCode(key: string, keyHash: string, sealed: Buffer): string {
  const salt = sealed.subarray(0, SALT_BYTES);
  const nonce = sealed.subarray(SALT_BYTES, SALT_BYTES + NONCE_BYTES);
  const tag = sealed.subarray(SALT_BYTES + NONCE_BYTES, SALT_BYTES + NONCE_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(key, salt), nonce);
  decipher.setAAD(Buffer.from(keyHash, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(SALT_BYTES + NONCE_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}

function sealingKey(key: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, SEAL_INFO, 32));
}
