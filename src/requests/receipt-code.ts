import { createHash, randomInt } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;

/**
 * The requester's receipt code: 12 characters (60 random bits), shown as
 * `K7QF-M2XD-9PZC`. It opens the request's status page, so it is random and
 * only its hash is stored.
 */
export function newReceiptCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) {
    code += ALPHABET[randomInt(ALPHABET.length)];
  }
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** The code as typed: case, spaces and dashes ignored, look-alike letters read as digits. */
export function normaliseReceiptCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (cleaned.length !== LENGTH || [...cleaned].some((c) => !ALPHABET.includes(c))) {
    return null;
  }
  return `${cleaned.slice(0, 4)}-${cleaned.slice(4, 8)}-${cleaned.slice(8)}`;
}

export function hashReceiptCode(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

/**
 * What a request is found by from its receipt code: the code's SHA-256,
 * which is what the table stores. The status page keeps this in the session
 * (never the code), and services take it, so the code itself goes no
 * further than the form or header it came in.
 */
export type ReceiptKey = string & { readonly __receiptKey: true };

export const NO_SUCH_RECEIPT_CODE =
  'Det finns ingen begäran med den koden. Kontrollera koden på ditt kvitto.';

/** The key of a code as typed; null when it cannot be a receipt code at all. */
export function receiptKeyOf(code: string): ReceiptKey | null {
  const normalised = normaliseReceiptCode(code);
  return normalised ? (hashReceiptCode(normalised) as ReceiptKey) : null;
}

/** A key read back from the session: exactly a SHA-256 in hex, or nothing. */
export function asReceiptKey(value: unknown): ReceiptKey | null {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? (value as ReceiptKey) : null;
}
