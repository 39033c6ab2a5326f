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
