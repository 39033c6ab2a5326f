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
  /\b(?:tel|telefon\p{L}*|mobil\p{L}*|ring\p{L}*|sms\p{L}*|växel\p{L}*|nås|nå\s+mig|nå\s+oss|nummer|numret)\b[^.!?\n]{0,20}$/iu;
const CIVIC_WORD =
  /\b(?:personnumm?e?r\p{L}*|personnr|pers\.?\s?nr|pnr|p-nr|p\.nr|pnumm?e?r\p{L}*|p-numm?e?r\p{L}*|samordningsn\p{L}*|födelsenummer)\b[^\d\n]{0,25}$/iu;

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
const DIGITS_AFTER_WORD = /(?<![\p{L}\p{N}])\d(?:[\s\-\u2010-\u2014+/.]?\d){9,11}(?![\p{N}])/gu;
/**
 * The date written with dots and the last four after a dash or plus: "15.03.14-2386",
 * "2015.03.14-2386". A date of that shape with four digits after it is nothing else.
 */
const DOTTED_CIVIC_NUMBER =
  /(?<![\p{L}\p{N}.-])(?:(?:19|20)\d{2}|\d{2})\.\d{2}\.\d{2}\s?[-\u2010-\u2014+]\s?\d{4}(?![\p{N}])/gu;
/**
 * Ten digits in five pairs ("10 05 21 23 84"): a number in the date's shape that no phone
 * number has (a phone number begins with its zero).
 */
/** Before a list of numbers that are no identity: "kapitel 10 12 14 16 18", "poängen 12 11 14 15 10". */
const LISTED_NUMBERS =
  /\b(?:kapitel|sid\p{L}*|uppgift\p{L}*|poäng\p{L}*|fråg\p{L}*|resultat\p{L}*|tider|tiderna|betyg\p{L}*|övning\p{L}*|nivå\p{L}*)\b[^.!?\n]*$/iu;
const PAIRED_CIVIC_NUMBER = /(?<![\p{L}\p{N}+-])[1-9]\d(?: \d{2}){4}(?![\p{N}]|[ -]\d)/gu;
/** A date and its last four apart: "2012-03-14 nr 2382", "120314, sista fyra 2382". */
const DATE_AND_LAST_FOUR =
  /(?<![\p{L}\p{N}-])(?:(?:19|20)?\d{2}[-\u2010-\u2014]?\d{2}[-\u2010-\u2014]?\d{2})[,:;]?\s*(?:och\s+|med\s+|samt\s+)?(?:nr|nummer|(?:de\s+)?(?:sista\s+(?:fyra|4)|(?:fyra|4)\s+sista)(?:\s+(?:siffrorna|siffror|siffrorna i personnumret))?|slutsiffror(?:na)?|kontrollsiffror(?:na)?|(?:de\s+)?fyra\s+sista\s+siffrorna)\.?(?:\s+(?:är|blir|e))?:?\s*\d{4}(?![\p{N}])/giu;

const MONTH_NAMES =
  'januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec';
/** A date of birth in digits or with the month's name: "2011-03-14", "110314", "14 mars 2011". */
const BIRTH_DATE = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:(?:19|20)?\\d{2}[-\u2010-\u2014]?\\d{2}[-\u2010-\u2014]?\\d{2}|\\d{1,2}(?::e)?\\s+(?:${MONTH_NAMES})\\.?\\s+(?:19|20)\\d{2})(?![\\p{N}])`,
  'giu',
);
/** The last four said to be the last four: "sista fyra 2384", "personnumret slutar på 2384". */
const LAST_FOUR =
  /(?:sista\s+(?:fyra|4)|(?:fyra|4)\s+sista|slutsiffr\p{L}*|kontrollsiffr\p{L}*|(?:numm?er\p{L}*|nr|pnr)\s+slutar\s+på|fyrsiffr\p{L}*)[^\d\n.!?]{0,30}?(?<![\p{N}])\d{4}(?![\p{N}])/giu;

/** Words between "sista fyra" and the digits: "siffrorna i hennes personnummer är". */
const LAST_FOUR_GAP =
  /^(?:fyra|4|sista|siffr\p{L}*|i|hennes|hans|hens|sitt|mitt|ditt|hennes|elevens|personnumm?ret|personnumm?er|numret|nummer|av|är|blir|e|va|var|på|slutar)$/iu;

/** A date of birth and the last four in one sentence, in either order. */
function dateAndLastFourHits(text: string): PatternHit[] {
  const hits: PatternHit[] = [];
  for (const sentence of text.matchAll(/[^.!?\n]+(?:[.!?](?=\S)[^.!?\n]*)*/gu)) {
    const lastFour = [...sentence[0].matchAll(LAST_FOUR)].filter((match) =>
      match[0]
        .replace(/\d{4}$/, '')
        .split(/[\s,:–-]+/)
        .slice(1)
        .every((word) => word === '' || LAST_FOUR_GAP.test(word)),
    );
    if (lastFour.length === 0) continue;
    const dates = [...sentence[0].matchAll(BIRTH_DATE)].filter((date) => {
      const digits = date[0].replace(/\D/g, '');
      if (!/^\d+$/.test(date[0].replace(/[-\u2010-\u2014]/g, ''))) return true;
      return isDateShaped(digits.length === 8 ? digits.slice(2) : digits);
    });
    if (dates.length === 0) continue;
    const spans = [...lastFour, ...dates].map((match) => [
      sentence.index + match.index,
      sentence.index + match.index + match[0].length,
    ]);
    hits.push({
      category: 'civic_number',
      start: Math.min(...spans.map(([start]) => start)),
      end: Math.max(...spans.map(([, end]) => end)),
    });
  }
  return hits;
}

const NUMBER_WORD =
  '(?:noll|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton|sjutton|arton|nitton|(?:tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio)(?:en|ett|två|tre|fyra|fem|sex|sju|åtta|nio)?|nittonhundra\\p{L}*|tjugohundra\\p{L}*|tvåtusen\\p{L}*)';
/** The number in words: "tolv noll tre fjorton tjugotre åttiotvå". */
const NUMBER_IN_WORDS = new RegExp(`\\b${NUMBER_WORD}(?:[\\s,-]+${NUMBER_WORD}){4,}\\b`, 'giu');

const UNITS: Record<string, number> = {
  noll: 0,
  en: 1,
  ett: 1,
  två: 2,
  tre: 3,
  fyra: 4,
  fem: 5,
  sex: 6,
  sju: 7,
  åtta: 8,
  nio: 9,
};
const TEENS: Record<string, number> = {
  tio: 10,
  elva: 11,
  tolv: 12,
  tretton: 13,
  fjorton: 14,
  femton: 15,
  sexton: 16,
  sjutton: 17,
  arton: 18,
  nitton: 19,
};
const TENS: Record<string, number> = {
  tjugo: 20,
  trettio: 30,
  fyrtio: 40,
  femtio: 50,
  sextio: 60,
  sjuttio: 70,
  åttio: 80,
  nittio: 90,
};

/** The digits a number in words is read as: "sextio noll fyra tolv" → "600412", "ett sex" → "16". */
function digitsOfWords(words: string): string | null {
  let digits = '';
  for (const word of words
    .toLocaleLowerCase('sv')
    .split(/[\s,-]+/)
    .filter(Boolean)) {
    if (word in UNITS) digits += String(UNITS[word]);
    else if (word in TEENS) digits += String(TEENS[word]);
    else {
      const tens = Object.keys(TENS).find((ten) => word.startsWith(ten));
      if (!tens) return null;
      const rest = word.slice(tens.length);
      if (rest === '') digits += String(TENS[tens]);
      else if (rest in UNITS && rest !== 'noll') digits += String(TENS[tens] + UNITS[rest]);
      else return null;
    }
  }
  return digits;
}

function civicByWordHits(text: string): PatternHit[] {
  const hits: PatternHit[] = [];
  for (const match of text.matchAll(DOTTED_CIVIC_NUMBER)) {
    const date = match[0].replace(/[\s\-\u2010-\u2014+]\d{4}$/, '').replace(/\D/g, '');
    if (isDateShaped(date.length === 8 ? date.slice(2) : date)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(PAIRED_CIVIC_NUMBER)) {
    const digits = match[0].replace(/\D/g, '');
    const before = text.slice(Math.max(0, match.index - 30), match.index);
    if (
      isDateShaped(digits) &&
      Personnummer.valid(digits) &&
      !afterPhoneWord(match) &&
      !LISTED_NUMBERS.test(before)
    ) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(NUMBER_IN_WORDS)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    // Read out without the word: ten digits in a date's shape, not from a zero as a phone number is.
    const digits = digitsOfWords(match[0]);
    const readOut =
      digits !== null && digits.length === 10 && !digits.startsWith('0') && isDateShaped(digits);
    if (CIVIC_WORD.test(before) || readOut) {
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
/**
 * An area code and the subscriber's number in groups of two to four
 * ("0645-192 260", "08-555 912 40", "(0645) 19 22 00", "+46 645 192 260"):
 * a national number of eight to ten digits, counted in phoneByGroups.
 */
const GROUPED_PHONE =
  /(?<![\p{L}\p{N}-])(?:(?:\+|00)46\s?(?:\(0\))?\s?[1-9]\d{0,2}|\(0[1-9]\d{0,3}\)|0[1-9]\d{0,3})(\s?[-\u2010-\u2014/]\s?|\s)\d{2,4}(?:[\s-]\d{2,4}){0,3}(?![\p{N}]|[-\u2010-\u2014]\d)/gu;

function isGroupedPhone(match: RegExpMatchArray): boolean {
  const whole = match[0];
  const separator = match[1];
  const digits = whole
    .replace(/^(?:\+|00)46/, '0')
    .replace(/\D/g, '')
    .replace(/^00/, '0');
  if (digits.length < 8 || digits.length > 10) return false;
  // Only spaces between the groups: three groups or more, or a word that says it is a number.
  const groups = whole.trim().split(/[\s\-\u2010-\u2014/]+/).length;
  if (!/[-\u2010-\u2014/]/.test(separator) && !whole.startsWith('+') && !whole.startsWith('(')) {
    return groups >= 3 || afterPhoneWord(match);
  }
  return true;
}
/** A local number after a word that says it is one: "tel. 12 34 56", "mobil: 123 45 67". */
const LOCAL_PHONE =
  /(?<=\b(?:tel|telefon|telefonnummer|mobil|mobilnummer|nr|nummer|ring|sms)\.?:?\s)\d{2,3}(?:[\s-]\d{2,3}){1,3}(?![\p{N}])/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/**
 * An e-mail address written to fool harvesters: "johan.sundqvist(at)gmail.com",
 * "anna [at] skolan [dot] se", "namn snabel-a gmail punkt com".
 */
const OBFUSCATED_EMAIL =
  /[\p{L}\p{N}._%+-]+\s?(?:\(at\)|\[at\]|\{at\}|\(a\)|\(snabel-a\)|\s(?:at|snabel-a)\s)\s?[\p{L}\p{N}-]+(?:(?:\.|\s?\((?:dot|punkt)\)\s?|\s?\[(?:dot|punkt)\]\s?|\s(?:dot|punkt)\s)[\p{L}\p{N}-]+)*(?:\.|\s?\((?:dot|punkt)\)\s?|\s?\[(?:dot|punkt)\]\s?|\s(?:dot|punkt)\s)(?:se|com|nu|net|org|fi|no|dk|de|eu|info|edu|io)\b/giu;
/** A number abroad: "+358 40 123 4567", "+49 151 2345 6789", "0090 532 123 45 67" (not +46, PHONE has it). */
const FOREIGN_PHONE =
  /(?<![\p{L}\p{N}])(?:\+|00)(?!46)[1-9]\d{0,2}(?:\s?\(0\))?(?:[\s.-]?\d{1,4}){2,6}(?![\p{N}])/gu;
/** A number with dots between its groups: "070.312.45.89", "0645.192.260". */
const DOTTED_PHONE = /(?<![\p{L}\p{N}.])0\d{2,3}(?:\.\d{2,4}){2,4}(?![\p{N}]|\.\d)/gu;
const DIGIT_WORD = '(?:noll|nolla|ett|en|två|tre|fyra|fem|sex|sju|åtta|nio)';
/** A phone number read out digit by digit: "noll sju noll tre ett två fyra fem åtta nio". */
const PHONE_IN_WORDS = new RegExp(
  `(?<![\\p{L}])noll(?:[\\s,-]+${DIGIT_WORD}){6,11}(?![\\p{L}])`,
  'giu',
);
/** A number read out in words after a word that says it is one: "nå mig på nollsjuttio, fyrahundratolv, åttioåtta nitton". */
const SPOKEN_NUMBER_WORD =
  '(?:noll|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton|sjutton|arton|nitton|tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio|hundra|tusen)+';
const PHONE_IN_WORDS_AFTER_WORD = new RegExp(
  `(?<![\\p{L}])${SPOKEN_NUMBER_WORD}(?:[\\s,-]+${SPOKEN_NUMBER_WORD}){3,11}(?![\\p{L}])`,
  'giu',
);
const STREET_ENDINGS =
  'gården|gård|udde|udden|parken|gatan|gata|vägen|väg|gränd|gränden|stigen|stig|allén|allé|torget|torg|backen|backe|leden|plan|platsen|stråket|slingan|gången|kullen|ringen|höjden|liden|esplanaden|kajen|parkvägen|promenaden|hagen|ängen|gärdet|lyckan|brynet|bågen|svängen|kroken|vändan|terrassen|branten|åsen';
const capitalised = (endings: string): string =>
  endings
    .split('|')
    .map((ending) => ending[0].toUpperCase() + ending.slice(1))
    .join('|');
const STREET = new RegExp(
  `(?<![\\p{L}])(?:(?:Västra|Östra|Norra|Södra|Stora|Lilla|Gamla|Nya)\\s(?=\\p{Lu}))?\\p{L}*(?:${STREET_ENDINGS}|${capitalised(STREET_ENDINGS)})\\s+\\d{1,4}(?:\\s?[A-Ha-h](?![\\p{L}]))?(?:,?\\s*(?:lgh|lägenhet)\\s*\\d{1,4})?`,
  'gu',
);
/**
 * A street name shortened, with its number: "Tallbacksv. 7", "Storg. 12",
 * "Drottningg 3" ("v." vägen, "g." gatan, "gr." gränden, "pl." platsen). Capitalised,
 * or after a word of living (LIVES_AT_ABBREVIATED) in a pupil's lower case.
 */
const ABBREVIATED_STREET =
  /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}{2,}(?<!da)(?:v|g|gr|pl|vg)\.\s?\d{1,4}(?:\s?[A-Ha-h](?![\p{L}]))?(?![\p{N}])/gu;
const LIVES_AT_ABBREVIATED =
  /(?<=\b(?:bor|bodde|bott|bo|flyttat|flyttade|flyttar|adress|adressen)\b[^.!?\n]{0,40}?\b(?:på|vid|till) )\p{L}{3,}(?<!dag)(?:v|g|gr|vg)\.?\s?\d{1,4}(?:\s?[A-Ha-h](?![\p{L}]))?(?![\p{N}])/giu;
/** "bor på Ekvägen", "flyttat till Klövervägen": the street without its number is an address too. */
const LIVES_ON = new RegExp(
  `(?<=\\b(?:bor|bodde|bott|bo|flytta|flyttat|flyttade|flyttar|adress|adressen)\\b[^.!?\\n]{0,40}?(?:\\b(?:på|vid|till|i|nära|längs|utmed|intill|gata|gatan|kvarter|kvarteret) |, ))(?:\\p{Lu}\\p{L}*(?:${STREET_ENDINGS})|\\p{Ll}{3,}(?:gatan|vägen|gränd|gränden|stigen|allén|torget|backen))\\b`,
  'gu',
);
/**
 * "bor på Skogsbrynet 7", "bor i Korsträsk 112" (a village and its house number): a name and a
 * number where someone lives, not "bott i Sverige 3 år".
 */
const LIVES_AT_NUMBER =
  /(?<=\b(?:bor|bodde|bott|flyttat|flyttade|flyttar|adress|adressen|lägenhet|lägenheten|hus|huset)\b[^.!?\n]{0,40}?\b(?:på|vid|i) )\p{Lu}\p{L}+\s\d{1,4}(?:\s?[A-Ha-h](?![\p{L}]))?(?![\p{N}]|[.,:]\d|\s*(?:år|månad\p{L}*|veckor|vecka|dagar|dag|mil|km|kilometer|meter|minut\p{L}*|timm\p{L}*|procent|%))/gu;
/** A street named in two words: "Skarpnäcks allé 40", "Västra vägen 2", "Karl Johans väg 3". */
const TWO_WORD_STREET =
  /(?<![\p{L}])\p{Lu}\p{Ll}+\s(?:allé|väg|vägen|gata|gatan|gränd|torg|backe|stig|plan|strand|park|kaj|esplanad|promenad|gård)\s\d{1,4}(?:\s?[A-Ha-h](?![\p{L}]))?(?![\p{N}]|[.,:]\d|\s*(?:år|km|kilometer|meter|mil|minut\p{L}*|gånger|procent|%))/gu;
const POST_BOX = /\b(?:box|postbox)\s+\d{1,6}\b/giu;
const POSTAL_CODE = /(?<![\p{N}])\d{3} ?\d{2}(?![\p{N}])\s+\p{Lu}\p{L}+/gu;

/** A place visited with the class: "besöker Vasamuseet på Galärvarvsvägen 14" is no one's address. */
const EXCURSION =
  /\b(?:besök\p{L}*|utflykt\p{L}*|exkursion\p{L}*|studiebesök\p{L}*|studieresa\p{L}*|klassresa\p{L}*|\p{L}*museet|\p{L}*museum)\b/iu;
const SOMEONES_HOME =
  /\b(?:bor|bodde|bott|flytta\p{L}*|adress\p{L}*|hem|hemma|hemmet|hemadress\p{L}*|mamma\p{L}*|pappa\p{L}*|familj\p{L}*|mormor|morfar|farmor|farfar|vårdnadshavar\p{L}*)\b/iu;

/** The sentence around a span. */
function sentenceAround(text: string, start: number, end: number): string {
  const from = Math.max(...['.', '!', '?', '\n'].map((mark) => text.lastIndexOf(mark, start - 1)));
  const breaks = ['. ', '!', '?', '\n']
    .map((mark) => text.indexOf(mark, end))
    .filter((at) => at >= 0);
  return text.slice(from + 1, breaks.length > 0 ? Math.min(...breaks) : text.length);
}

export function identifierHits(text: string): PatternHit[] {
  const hits: PatternHit[] = [...civicByWordHits(text), ...dateAndLastFourHits(text)];
  for (const match of text.matchAll(CIVIC_NUMBER)) {
    if (isCivicNumber(match)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(GROUPED_PHONE)) {
    if (isGroupedPhone(match)) {
      hits.push({
        category: 'address_or_phone',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const pattern of [
    PHONE,
    ABBREVIATED_STREET,
    LIVES_AT_ABBREVIATED,
    LOCAL_PHONE,
    EMAIL,
    STREET,
    LIVES_ON,
    LIVES_AT_NUMBER,
    TWO_WORD_STREET,
    OBFUSCATED_EMAIL,
    FOREIGN_PHONE,
    DOTTED_PHONE,
    PHONE_IN_WORDS,
    PHONE_IN_WORDS_AFTER_WORD,
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
      if (pattern === STREET || pattern === TWO_WORD_STREET) {
        const sentence = sentenceAround(text, match.index, match.index + match[0].length);
        if (EXCURSION.test(sentence) && !SOMEONES_HOME.test(sentence)) continue;
      }
      // A number abroad has eight digits or more with its country code: not "+3 poäng 12 14".
      const digits = match[0].replace(/\D/g, '').length;
      if (pattern === FOREIGN_PHONE && (digits < 9 || digits > 15)) continue;
      if (pattern === PHONE_IN_WORDS_AFTER_WORD && !afterPhoneWord(match)) continue;
      hits.push({
        category: 'address_or_phone',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  return hits;
}
