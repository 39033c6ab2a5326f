import { normaliseCivicNumber } from '../directory/import/civic-number';

/** At most this many results are shown; past it the reviewer is asked to narrow the search. */
export const RECORD_SEARCH_LIMIT = 25;

/** The longest query read; a longer one is cut (it cannot be a name, number or period anyway). */
const MAX_QUERY_LENGTH = 200;

/** A registration number, or a fragment of one: the year and maybe the serial number. */
export interface RegistrationFragment {
  readonly series: string;
  readonly year: number;
  /** The serial number as a number ("2" and "00002" alike); null for the whole year. */
  readonly serial: number | null;
}

/** What a reviewer's search text asks for; every part given must match. */
export interface RecordSearchCriteria {
  readonly registration: RegistrationFragment | null;
  /** The civic numbers the text may mean, 12 digits (a number written without century: both). */
  readonly civicNumbers: readonly string[];
  /** A civic number that was written but cannot be one (Luhn, date): said to the reviewer. */
  readonly civicProblem: string | null;
  /** The school year, as plans store it ("2025/26"). */
  readonly period: string | null;
  /** The rest, lower-cased: the pupil's name (fuzzy) or the school's. */
  readonly text: string | null;
}

/** Which kinds of criteria a search used: for the audit entry, never the text itself. */
export function criteriaKinds(criteria: RecordSearchCriteria): string[] {
  return [
    criteria.registration ? 'registration_number' : null,
    criteria.civicNumbers.length > 0 ? 'civic_number' : null,
    criteria.period ? 'period' : null,
    criteria.text ? 'text' : null,
  ].filter((kind): kind is string => kind !== null);
}

export function isEmptySearch(criteria: RecordSearchCriteria): boolean {
  return criteriaKinds(criteria).length === 0;
}

/** "2025/26", "2025-26", "2025/2026", "2025 - 2026": a school year, as consecutive years. */
const PERIOD = /(?<!\d)(20\d{2})\s*([/-])\s*(\d{4}|\d{2})(?!\d)/gu;

/** A civic number in any written form: 10 or 12 digits, a dash, plus or spaces between. */
const CIVIC = /(?<!\d)(?:\d{2})?\d{6}\s*[-+]?\s*\d{4}(?!\d)/u;

/** "IUP-2026-00002", "iup 2026 2", "IUP2026-2", "2026-00002": series, year and serial. */
const REGISTRATION = /^(?:([a-z]{3})\s*)?(20\d{2})(?:\s+(\d{1,5}))?$/u;

/**
 * Reads the reviewer's one search box. A school year, a civic number and a
 * registration number (or a fragment of one) are recognised by their shape
 * wherever they stand; what is left is a name, of the pupil or the school.
 */
export function parseRecordSearch(input: string): RecordSearchCriteria {
  let rest = input.slice(0, MAX_QUERY_LENGTH).normalize('NFC').trim();

  let period: string | null = null;
  rest = rest.replace(PERIOD, (...match: unknown[]) => {
    const [whole, first, separator, second, offset, all] = match as [
      string,
      string,
      string,
      string,
      number,
      string,
    ];
    const start = Number(first);
    const end = second.length === 2 ? Number(second) : Number(second) % 100;
    const afterSeries = /iup[\s-]*$/iu.test(all.slice(0, offset));
    // "2025/26" is a school year; "2026-2", "2026-00002" and "IUP-2026-27" are registration numbers.
    if (period === null && !afterSeries && (separator === '/' || end === (start + 1) % 100)) {
      period = `${first}/${String((start + 1) % 100).padStart(2, '0')}`;
      return ' ';
    }
    return whole;
  });

  let civicNumbers: string[] = [];
  let civicProblem: string | null = null;
  const civic = CIVIC.exec(rest);
  if (civic) {
    const written = civic[0].replace(/\s+/gu, '');
    const parsed = normaliseCivicNumber(written);
    if (parsed.ok) {
      civicNumbers = [parsed.civicNo];
      // Without a century and without "+", the library takes the last hundred years; a pupil
      // is young, so that is the one meant, and no second guess is needed.
    } else {
      civicProblem = parsed.reason;
    }
    rest = rest.replace(civic[0], ' ');
  }

  const words = searchWords(rest);
  const registration =
    civicNumbers.length === 0 && civicProblem === null ? registrationFragment(words, 'IUP') : null;
  const text = registration ? null : words;
  return {
    registration,
    civicNumbers,
    civicProblem,
    period,
    text: text ? text : null,
  };
}

/** Lower case, letters and digits apart ("iup2026" → "iup 2026"), everything else one space. */
export function searchWords(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .replace(/(\d)(\p{L})/gu, '$1 $2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The words as a registration number of the series, or a fragment of one: "iup 2026 2",
 * "2026 00002" and "iup 2026" (the whole year); null when they are something else.
 */
export function registrationFragment(words: string, series: string): RegistrationFragment | null {
  const fragment = REGISTRATION.exec(words);
  if (!fragment || (fragment[1] !== undefined && fragment[1].toUpperCase() !== series)) {
    return null;
  }
  return {
    series,
    year: Number(fragment[2]),
    serial: fragment[3] === undefined ? null : Number(fragment[3]),
  };
}

/** `like` with the text taken as it is. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
