import Personnummer from 'personnummer';

export type CivicNumberResult =
  | { readonly ok: true; readonly civicNo: string; readonly isCoordinationNumber: boolean }
  | { readonly ok: false; readonly reason: string };

/** 10 or 12 digits, the separator (`-`, or `+` for 100 years or older) optional. */
const SHAPE = /^(\d{2})?\d{6}[-+]?\d{4}$/;

/** Tillfälligt personnummer: letters where the serial number goes (SS 12000 allows them). */
const INTERIM = /^(\d{2})?\d{6}[-+]?[A-Za-z]{2}\d{2}$/;

const OPTIONS = { allowCoordinationNumber: true, allowInterimNumber: false };

/**
 * A Swedish personnummer or samordningsnummer (day + 60) in any of its usual
 * written forms, normalised to 12 digits YYYYMMDDNNNN. A samordningsnummer
 * keeps its day + 60, as SS 12000 writes it, so it never collides with the
 * personnummer of someone born on the real day.
 *
 * A 10-digit number gets its century from the separator, the way Skatteverket
 * means it: `-` for someone younger than 100, `+` for someone older.
 *
 * Interim numbers (with letters) are refused: e-legitimation links a login to
 * the imported person by the civic number, and an interim number has no
 * e-legitimation and no Luhn check.
 */
export function normaliseCivicNumber(input: string): CivicNumberResult {
  const value = input.trim();
  if (value === '') {
    return { ok: false, reason: 'Personnummer saknas.' };
  }
  if (INTERIM.test(value)) {
    return {
      ok: false,
      reason: 'Tillfälliga personnummer (med bokstäver) kan inte tas emot.',
    };
  }
  if (!SHAPE.test(value)) {
    return {
      ok: false,
      reason:
        'Personnumret har fel format. Skriv ÅÅÅÅMMDDNNNN eller ÅÅMMDD-NNNN (bindestreck valfritt).',
    };
  }
  // The Luhn check is done here as well as in the library, to tell the
  // administrator which of the two faults it is.
  if (!hasValidCheckDigit(value.replace(/[-+]/, '').slice(-10))) {
    return { ok: false, reason: 'Personnumret har fel kontrollsiffra.' };
  }
  if (!Personnummer.valid(value, OPTIONS)) {
    return { ok: false, reason: 'Personnumret innehåller inget giltigt födelsedatum.' };
  }
  const parsed = Personnummer.parse(value, OPTIONS);
  return {
    ok: true,
    civicNo: parsed.format(true),
    isCoordinationNumber: parsed.isCoordinationNumber(),
  };
}

/** Luhn over the ten digits YYMMDDNNNC: weights 2,1,2,1,…; the sum must end in 0. */
function hasValidCheckDigit(tenDigits: string): boolean {
  let sum = 0;
  for (let index = 0; index < tenDigits.length; index += 1) {
    const product = Number(tenDigits[index]) * (index % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return sum % 10 === 0;
}
