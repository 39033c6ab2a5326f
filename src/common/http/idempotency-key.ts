import { DomainError, ErrorCode } from '../errors/domain-error';
import { headerParam } from './api-docs';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const MAX_KEY_LENGTH = 255;
/** Printable ASCII, space included (RFC 9110 field values; what the IETF draft's keys are made of). */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
/** An RFC 8941 string, as draft-ietf-httpapi-idempotency-key-header sends the key: "…". */
const QUOTED = /^"((?:[^"\\]|\\["\\])*)"$/;

const INVALID_KEY = `Rubriken ${IDEMPOTENCY_KEY_HEADER} ska vara 1–${MAX_KEY_LENGTH} skrivbara ASCII-tecken, till exempel ett UUID.`;

/**
 * The `Idempotency-Key` of a request, or null without one. Taken as the IETF
 * draft sends it (a quoted string) or bare, as most clients do; both name the
 * same key. Anything but 1–255 printable ASCII characters is refused (400).
 */
export function parseIdempotencyKey(value: string | readonly string[] | undefined): string | null {
  if (value === undefined) {
    return null;
  }
  // Node joins a repeated header with ", ": two keys are one malformed key.
  const raw = typeof value === 'string' ? value : value.join(', ');
  const quoted = QUOTED.exec(raw);
  const key = quoted ? (quoted[1] ?? '').replace(/\\(["\\])/g, '$1') : raw;
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !PRINTABLE_ASCII.test(key)) {
    throw new DomainError(ErrorCode.ValidationFailed, INVALID_KEY, [
      {
        field: IDEMPOTENCY_KEY_HEADER,
        problems: [`ska vara 1–${MAX_KEY_LENGTH} skrivbara ASCII-tecken`],
      },
    ]);
  }
  return key;
}

/**
 * The request's `Idempotency-Key` (validated; null when none was sent). The
 * operation's OpenAPI description gets the header from here, so the two
 * cannot part.
 */
export const IdempotencyKey = headerParam(
  {
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'Makes a retry safe: a repeated request with the same key and the same body gets the ' +
      'first answer (the same registration number and receipt code) and files nothing new. ' +
      'The same key with another body is refused (422 IDEMPOTENCY_KEY_REUSED); while the ' +
      'first request with the key is still being served, a retry waits for its answer, ' +
      'up to a few seconds, then gets 409 REQUEST_IN_PROGRESS with Retry-After. A key is ' +
      'kept 24 hours, per route and per signed-in account (anonymous filings: the key and ' +
      'the body). Use a random key, such as a UUID: the stored answer is sealed with it. ' +
      '1–255 printable ASCII characters, bare or as a quoted string (400 otherwise).',
    schema: { type: 'string', minLength: 1, maxLength: MAX_KEY_LENGTH },
  },
  parseIdempotencyKey,
);
