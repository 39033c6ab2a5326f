import Personnummer from 'personnummer';

import type { Category } from './categories';

/** A span of an identifier or contact detail in the text. */
export interface PatternHit {
  readonly category: Category;
  readonly start: number;
  readonly end: number;
}

/**
 * Personal identity and coordination numbers in every written form: with or
 * without the century, with a dash, a plus (over a hundred), a space or
 * nothing between date and the last four. Not after a letter, digit or dash
 * (registration numbers like IUP-2026-00002), not before more digits.
 */
const DASH = '[-\u2010\u2011\u2012\u2013\u2014]';
const CIVIC_NUMBER = new RegExp(
  `(?<![\\p{L}\\p{N}-])((?:19|20)?)(?:${DASH}|\\s)?(\\d{2})(?:${DASH}|\\s)?(\\d{2})(?:${DASH}|\\s)?(\\d{2})(\\s?(?:${DASH}|\\+)\\s?|\\s)?(\\d{4})(?![\\p{N}]|-\\d)`,
  'gu',
);

/**
 * Date-shaped (a month and a day, or a coordination number's day + 60) is
 * enough: a wrong check digit is still someone's number mistyped. Ten digits
 * written together from a zero are a phone number unless the check digit holds.
 */
function isCivicNumber(match: RegExpMatchArray): boolean {
  const [whole, century, , month, day, separator] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  const isDateShaped =
    monthNumber >= 1 &&
    monthNumber <= 12 &&
    ((dayNumber >= 1 && dayNumber <= 31) || (dayNumber >= 61 && dayNumber <= 91));
  if (!isDateShaped) {
    return false;
  }
  if (!century && !separator && whole.startsWith('0')) {
    return Personnummer.valid(whole);
  }
  // Separators inside the date (16-03-12-2381, 2016 03 12 2381) only with one before the last four.
  if (/^\d{2,4}[-\u2010-\u2014\s]\d{2}/.test(whole) && !separator) {
    return false;
  }
  return true;
}

const PHONE =
  /(?<![\p{L}\p{N}-])(?:(?:\+|00)46\s?(?:\(0\))?\s?|0)(?:7\d{1,2}|[1-9]\d{0,2})(?:\s?[-\u2013]\s?|\s)?\d{2,3}[\s-]?\d{2}(?:[\s-]?\d{2,3})?(?![\p{N}])/gu;
/** A local number after a word that says it is one: "tel. 12 34 56", "mobil: 123 45 67". */
const LOCAL_PHONE =
  /(?<=\b(?:tel|telefon|telefonnummer|mobil|mobilnummer|nr|nummer|ring|sms)\.?:?\s)\d{2,3}(?:[\s-]\d{2,3}){1,3}(?![\p{N}])/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const STREET_ENDINGS =
  'gård|udde|parken|gatan|gata|vägen|väg|gränd|gränden|stigen|stig|allén|allé|torget|torg|backen|backe|leden|plan|platsen|stråket|slingan|gången|kullen|ringen|höjden|liden|esplanaden|kajen|parkvägen|promenaden';
const capitalised = (endings: string): string =>
  endings
    .split('|')
    .map((ending) => ending[0].toUpperCase() + ending.slice(1))
    .join('|');
const STREET = new RegExp(
  `(?<![\\p{L}])(?:(?:Västra|Östra|Norra|Södra|Stora|Lilla|Gamla|Nya)\\s(?=\\p{Lu}))?\\p{L}*(?:${STREET_ENDINGS}|${capitalised(STREET_ENDINGS)})\\s+\\d{1,4}(?:\\s?[A-Za-z](?![\\p{L}]))?(?:,?\\s*(?:lgh|lägenhet)\\s*\\d{1,4})?`,
  'gu',
);
/** "bor på Ekvägen", "flyttat till Klövervägen": the street without its number is an address too. */
const LIVES_ON = new RegExp(
  `(?<=\\b(?:bor|bodde|bott|flyttat|flyttade|flyttar)\\b[^.!?\\n]{0,40}?\\b(?:på|vid|till|i) )\\p{Lu}\\p{L}*(?:${STREET_ENDINGS})\\b`,
  'gu',
);
const POST_BOX = /\b(?:box|postbox)\s+\d{1,6}\b/giu;
const POSTAL_CODE = /(?<![\p{N}])\d{3} ?\d{2}(?![\p{N}])\s+\p{Lu}\p{L}+/gu;

export function identifierHits(text: string): PatternHit[] {
  const hits: PatternHit[] = [];
  for (const match of text.matchAll(CIVIC_NUMBER)) {
    if (isCivicNumber(match)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const pattern of [PHONE, LOCAL_PHONE, EMAIL, STREET, LIVES_ON, POSTAL_CODE, POST_BOX]) {
    for (const match of text.matchAll(pattern)) {
      // A street is a name: capitalised, or a compound such as "storgatan 3" (not "vägen 3").
      if (
        pattern === STREET &&
        !/^\p{Lu}/u.test(match[0]) &&
        !/^\p{L}{3,}(?:gatan|vägen)/u.test(match[0])
      ) {
        continue;
      }
      hits.push({
        category: 'address_or_phone',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  return hits;
}
