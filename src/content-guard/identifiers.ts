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
  `(?<![\\p{L}\\p{N}-])(?:(19|20)(?:${DASH}|\\s)?)?(\\d{2})(?:${DASH}|\\s)?(\\d{2})(?:${DASH}|\\s)?(\\d{2})(\\s?(?:${DASH}|\\+)\\s?|\\s)?(\\d{4})(?![\\p{N}]|-\\d)`,
  'gu',
);

/**
 * Date-shaped (a month and a day, or a coordination number's day + 60) is
 * enough: a wrong check digit is still someone's number mistyped. Ten digits
 * written together from a zero are a phone number unless the check digit holds.
 */
const PHONE_WORD =
  /\b(?:tel|telefon\p{L}*|mobil\p{L}*|ring\p{L}*|sms\p{L}*|växel\p{L}*|nås|nummer|numret)\b[^.!?\n]{0,20}$/iu;
const CIVIC_WORD =
  /\b(?:personnumm?er\p{L}*|personnr|pers\.?\s?nr|pnr|p-nr|p\.nr|pnumm?er|p-nummer|samordningsn\p{L}*|födelsenummer)\b[^\d\n]{0,25}$/iu;

function afterPhoneWord(match: RegExpMatchArray): boolean {
  const before = (match.input ?? '').slice(Math.max(0, (match.index ?? 0) - 40), match.index);
  return PHONE_WORD.test(before) && !CIVIC_WORD.test(before);
}

/** Month and day of a number's date part (yymmdd), day + 60 for a coordination number. */
function isDateShaped(digits: string): boolean {
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  return month >= 1 && month <= 12 && ((day >= 1 && day <= 31) || (day >= 61 && day <= 91));
}

/**
 * After a word that says so ("pnr:", "personnummer", "samordningsnumret"),
 * ten or twelve digits in any grouping are the number: "12 03 14 23 82".
 */
const DIGITS_AFTER_WORD = /(?<![\p{L}\p{N}])\d(?:[\s\-\u2010-\u2014+/]?\d){9,11}(?![\p{N}])/gu;
/** A date and its last four apart: "2012-03-14 nr 2382", "120314, sista fyra 2382". */
const DATE_AND_LAST_FOUR =
  /(?<![\p{L}\p{N}-])(?:(?:19|20)?\d{2}[-\u2010-\u2014]?\d{2}[-\u2010-\u2014]?\d{2})[,:]?\s*(?:nr|nummer|sista fyra|de sista fyra|fyra sista|de fyra sista)\.?:?\s*\d{4}(?![\p{N}])/giu;

const NUMBER_WORD =
  '(?:noll|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton|sjutton|arton|nitton|(?:tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio)(?:en|ett|två|tre|fyra|fem|sex|sju|åtta|nio)?|nittonhundra\\p{L}*|tjugohundra\\p{L}*|tvåtusen\\p{L}*)';
/** The number in words: "tolv noll tre fjorton tjugotre åttiotvå". */
const NUMBER_IN_WORDS = new RegExp(`\\b${NUMBER_WORD}(?:[\\s,-]+${NUMBER_WORD}){4,}\\b`, 'giu');

function civicByWordHits(text: string): PatternHit[] {
  const hits: PatternHit[] = [];
  for (const match of text.matchAll(NUMBER_IN_WORDS)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    if (CIVIC_WORD.test(before)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(DIGITS_AFTER_WORD)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    if (!CIVIC_WORD.test(before)) continue;
    const digits = match[0].replace(/\D/g, '');
    const date = digits.length === 12 ? digits.slice(2) : digits;
    if ((digits.length === 10 || /^(?:19|20)/.test(digits)) && isDateShaped(date)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(DATE_AND_LAST_FOUR)) {
    const date = match[0].match(/^[\d\-\u2010-\u2014]+/)![0].replace(/\D/g, '');
    if (isDateShaped(date.length === 8 ? date.slice(2) : date)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  return hits;
}

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
    // A landline is written with its area code apart; ten digits from 07 are a mobile number.
    if (afterPhoneWord(match)) return false;
    return Personnummer.valid(whole) || !whole.startsWith('07');
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
  'gård|udde|udden|parken|gatan|gata|vägen|väg|gränd|gränden|stigen|stig|allén|allé|torget|torg|backen|backe|leden|plan|platsen|stråket|slingan|gången|kullen|ringen|höjden|liden|esplanaden|kajen|parkvägen|promenaden|hagen|ängen|gärdet|lyckan|brynet|bågen|svängen|kroken|vändan|terrassen|branten|åsen';
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
  `(?<=\\b(?:bor|bodde|bott|bo|flytta|flyttat|flyttade|flyttar|adress|adressen)\\b[^.!?\\n]{0,40}?\\b(?:på|vid|till|i) )(?:\\p{Lu}\\p{L}*(?:${STREET_ENDINGS})|\\p{Ll}{3,}(?:gatan|vägen|gränd|gränden|stigen|allén|torget|backen))\\b`,
  'gu',
);
/** "bor på Skogsbrynet 7": a name and a number where someone lives. */
const LIVES_AT_NUMBER =
  /(?<=\b(?:bor|bodde|bott|flyttat|flyttade|flyttar|adress|adressen)\b[^.!?\n]{0,40}?\b(?:på|vid) )\p{Lu}\p{L}+\s\d{1,4}(?:\s?[A-Za-z](?![\p{L}]))?(?![\p{N}])/gu;
const POST_BOX = /\b(?:box|postbox)\s+\d{1,6}\b/giu;
const POSTAL_CODE = /(?<![\p{N}])\d{3} ?\d{2}(?![\p{N}])\s+\p{Lu}\p{L}+/gu;

export function identifierHits(text: string): PatternHit[] {
  const hits: PatternHit[] = civicByWordHits(text);
  for (const match of text.matchAll(CIVIC_NUMBER)) {
    if (isCivicNumber(match)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const pattern of [
    PHONE,
    LOCAL_PHONE,
    EMAIL,
    STREET,
    LIVES_ON,
    LIVES_AT_NUMBER,
    POSTAL_CODE,
    POST_BOX,
  ]) {
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
