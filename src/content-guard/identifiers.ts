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
const DASH = '[-\u2010\u2011\u2012\u2013\u2014\u2212]';
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
  /\b(?:tel|telefon\p{L}*|mobil\p{L}*|ring\p{L}*|sms\p{L}*|växel\p{L}*|nås|nå(?:r)?\s+(?:mig|mej|oss|henne|honom|hen|mamma|pappa)|nummer|numret)\b[^.!?\n]{0,20}$/iu;
/** A word of calling or texting anywhere in the sentence: "ring mig …", "mitt nr e …". */
const PHONE_CUE =
  /(?<![\p{L}])(?:tel|telefon\p{L}*|mobil\p{L}*|ring\p{L}*|sms\p{L}*|messa\p{L}*|swisha\p{L}*|växel\p{L}*|nås|nå|nr|nummer|numret|numm?ret|num)(?![\p{L}])/iu;
/**
 * Words that name the number, with the spellings pupils use: "personummer", "persnr",
 * "p nr", "pnr", "samordningsnr".
 */
const CIVIC_WORDS =
  'personn?umm?e?r\\p{L}*|pers(?:on)?\\.?\\s?nr|prsnr|pnr|p-nr|p\\.\\s?nr|p\\snr|p\\.?numm?e?r\\p{L}*|p-numm?e?r\\p{L}*|samordningsn\\p{L}*|samordn\\.?\\s?nr|födelsenummer\\p{L}*|personbeteckning\\p{L}*';
const CIVIC_WORD = new RegExp(`\\b(?:${CIVIC_WORDS})\\b[^\\d\\n]{0,25}$`, 'iu');
/** The same words anywhere in the sentence: "jag glömde mitt personnummer på provet o skrev 110541-2382". */
const CIVIC_WORD_ANYWHERE = new RegExp(`\\b(?:${CIVIC_WORDS})\\b`, 'iu');
/**
 * A label right before the number that says it is another number: a diary or case number,
 * an invoice, an order, an organisation's number, a book's ISBN, a payment's OCR.
 */
const OTHER_NUMBER_LABEL =
  /(?<![\p{L}])(?:dnr|diarie\p{L}*|ärende\p{L}*|order\p{L}*|faktura\p{L}*|orgnr|org\.\s?nr|organisationsn\p{L}*|isbn|issn|ocr|bankgiro\p{L}*|plusgiro\p{L}*|bg|pg|konto\p{L}*|clearing\p{L}*|referens\p{L}*|kundn\p{L}*|artikel\p{L}*|serien\p{L}*|kurskod\p{L}*|registreringsn\p{L}*|elevn(?:umm?e?r|r)\p{L}*|lma\p{L}*|kod(?:en)?|lösenord\p{L}*|pin(?:-?kod(?:en)?)?)\.?:?\s*(?:nr\.?:?\s*|nummer:?\s*)?(?:är\s+|blir\s+)?$/iu;

/** Ten digits (or twelve from 19 or 20) in a date's shape whose check digit holds. */
function holdsCheckDigit(span: string): boolean {
  const digits = span.replace(/\D/g, '');
  return isCivicLength(digits) && Personnummer.valid(digits.slice(-10));
}

function labelledAsOtherNumber(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  return OTHER_NUMBER_LABEL.test(before) && !CIVIC_WORD.test(before);
}

/**
 * A Danish CPR number (ddmmyy-xxxx) is no Swedish civic number, even where its digits happen to
 * make a Swedish date: labelled "CPR", "CPR-nummer", "danskt personnummer", "personnummer i
 * Danmark", "sundhedskort". Told by the label just before it, not by Denmark anywhere in the
 * sentence ("bodde i Danmark, personnummer 150612-3458" is the child's Swedish number).
 */
const DANISH_NUMBER_LABEL =
  /(?:(?<![\p{L}])cpr(?:-?n(?:umm?e?r|r)\p{L}*)?|dansk\p{L}*\s+(?:personn\p{L}*|pnr|id-?n\p{L}*)|personn\p{L}*\s+i\s+danmark|sundhedskort\p{L}*)[^\d\n.!?]{0,25}$/iu;

function labelledAsDanish(text: string, start: number): boolean {
  return DANISH_NUMBER_LABEL.test(text.slice(Math.max(0, start - 50), start));
}

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
 * The date written with dots and the last four after a dash or plus: "15.03.14-2386",
 * "2015.03.14-2386". A date of that shape with four digits after it is nothing else.
 */
const DOTTED_CIVIC_NUMBER =
  /(?<![\p{L}\p{N}.-])(?:(?:19|20)\d{2}|\d{2})\.\d{2}\.\d{2}\s?[-\u2010-\u2014\u2212+]\s?\d{4}(?![\p{N}])/gu;
/**
 * Ten digits in five pairs ("10 05 21 23 84"): a number in the date's shape that no phone
 * number has (a phone number begins with its zero).
 */
/** Before a list of numbers that are no identity: "kapitel 10 12 14 16 18", "poängen 12 11 14 15 10". */
const LISTED_NUMBERS =
  /\b(?:kapitel|sid\p{L}*|uppgift\p{L}*|poäng\p{L}*|fråg\p{L}*|resultat\p{L}*|tider|tiderna|betyg\p{L}*|övning\p{L}*|nivå\p{L}*)\b[^.!?\n]*$/iu;
/** A word that says the digits are someone's number: "Elias nummer står som 15 06 12 34 58". */
const NUMBER_NAMED = new RegExp(
  `\\b(?:${CIVIC_WORDS}|nummer|numret|nr|id-?nummer\\p{L}*)\\b`,
  'iu',
);
/**
 * The number inside a name of something: an e-mail address, a file, a game's user name, a tag
 * on a cap ("elias.150612.3458@", "Elias_Jonsson_20150612_3458.pdf", "Elias150612_3458",
 * "150612/3458", "15.06.12.3458"). The date, a dot, an underscore or a slash, and four digits;
 * after a letter too, as such names glue it on. Groups 1–5: the date's parts, the separators.
 */
const EMBEDDED_CIVIC_NUMBER =
  /(?<![\p{N}]|\p{N}[-.])((?:19|20)?\d{2})([._/]?)(\d{2})\2(\d{2})([._/])(\d{4})(?![\p{N}]|[./]\d)/gu;
const PAIRED_CIVIC_NUMBER = /(?<![\p{L}\p{N}+-])[1-9]\d(?: \d{2}){4}(?![\p{N}]|[ -]\d)/gu;
/** A date and its last four apart: "2012-03-14 nr 2382", "120314, sista fyra 2382". */
const DATE_AND_LAST_FOUR =
  /(?<![\p{L}\p{N}-])(?:(?:19|20)?\d{2}[-\u2010-\u2014\u2212]?\d{2}[-\u2010-\u2014\u2212]?\d{2})[,:;]?\s*(?:och\s+|med\s+|samt\s+)?(?:nr|nummer|(?:de\s+)?(?:sista\s+(?:fyra|4)|(?:fyra|4)\s+sista)(?:\s+(?:siffrorna|siffror|siffrorna i personnumret))?|slutsiffror(?:na)?|kontrollsiffror(?:na)?|(?:de\s+)?fyra\s+sista\s+siffrorna)\.?(?:\s+(?:är|blir|e))?:?\s*\d{4}(?![\p{N}])/giu;

/** A day of the month as a word: "den tolfte april 2013". */
const ORDINAL_DAY_WORDS =
  '(?:(?:tjugo|trettio)?(?:första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde)|tionde|elfte|tolfte|trettonde|fjortonde|femtonde|sextonde|sjuttonde|artonde|nittonde|tjugonde|trettionde)';
const MONTH_NAMES =
  'januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec';
/** A date of birth in digits or with the month's name: "2011-03-14", "110314", "14 mars 2011". */
const BIRTH_DATE = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?:(?:19|20)?\\d{2}[-\u2010-\u2014\u2212]?\\d{2}[-\u2010-\u2014\u2212]?\\d{2}|(?:\\d{1,2}(?::e)?|${ORDINAL_DAY_WORDS})\\s+(?:${MONTH_NAMES})\\.?\\s+(?:19|20)\\d{2})(?![\\p{N}])`,
  'giu',
);
/** The last four said to be the last four: "sista fyra 2384", "personnumret slutar på 2384". */
const LAST_FOUR =
  /(?:sista\s+(?:fyra|4)|(?:fyra|4)\s+sista|slutsiffr\p{L}*|kontrollsiffr\p{L}*|(?:numm?er\p{L}*|nr|pnr)\s+slutar\s+på|fyrsiffr\p{L}*)[^\d\n.!?]{0,45}?(?<![\p{N}])\d{4}(?![\p{N}])/giu;

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
      if (!/^\d+$/.test(date[0].replace(/[-\u2010-\u2014\u2212]/g, ''))) return true;
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

/**
 * One piece of a number read out, longest first so that a word of glued pieces is read
 * piece by piece: "nollfem", "ettnollnolltrefyra", "tjugohundraelva", "fyrtiofyra".
 */
const NUMBER_PIECE =
  '(?:nollan|ettan|tvåan|trean|fyran|femman|sexan|sjuan|åttan|nian|nittonhundra|tjugohundra|tvåtusen|(?:tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio)(?:ett|en|två|tre|fyra|fem|sex|sju|åtta|nio)?|tio|elva|tolv|tretton|fjorton|femton|sexton|sjutton|arton|nitton|nolla|noll|ett|en|två|tre|fyra|fem|sex|sju|åtta|nio)';
/** Between the words: spaces, commas, dashes, or the dash said out ("streck"), "och sen". */
const NUMBER_WORD_GAP =
  '(?:[\\s,\\-\u2010-\u2014\u2212]+(?:(?:och\\s+)?(?:sen|sedan|streck(?:et)?|bindestreck(?:et)?|minus|snedstreck(?:et)?)[\\s,]+)?)';
/**
 * The number in words: "tolv noll tre fjorton tjugotre åttiotvå", "noll-nio-elva-nollfem-fyrtiofyra-tolv".
 * Each piece is taken whole, as a lookahead and its backreference, so that a long word of
 * pieces ("tjugoentjugoen…") is read once, not tried in every split.
 */
const NUMBER_IN_WORDS = new RegExp(
  `(?<![\\p{L}])(?:(?=(${NUMBER_PIECE}))\\1)+(?:${NUMBER_WORD_GAP}(?:(?=(${NUMBER_PIECE}))\\2)+)*(?![\\p{L}])`,
  'giu',
);
const WORD_PIECE = new RegExp(`^${NUMBER_PIECE}`, 'iu');

const UNITS: Record<string, number> = {
  // The digits as said of a figure on a sign or a bus: "ettan trean nollan".
  nollan: 0,
  ettan: 1,
  tvåan: 2,
  trean: 3,
  fyran: 4,
  femman: 5,
  sexan: 6,
  sjuan: 7,
  åttan: 8,
  nian: 9,
  noll: 0,
  nolla: 0,
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
/** A century read out: "nittonhundraåttiofyra" 1984, "tvåtusenelva" 2011. */
const CENTURIES: Record<string, string> = { nittonhundra: '19', tjugohundra: '20', tvåtusen: '20' };

/** The digits of one piece: "noll" 0, "elva" 11, "fyrtiofyra" 44. */
function digitsOfPiece(piece: string): string | null {
  if (piece in UNITS) return String(UNITS[piece]);
  if (piece in TEENS) return String(TEENS[piece]);
  const tens = Object.keys(TENS).find((ten) => piece.startsWith(ten));
  if (!tens) return null;
  const rest = piece.slice(tens.length);
  if (rest === '') return String(TENS[tens]);
  return rest in UNITS && rest !== 'noll' && rest !== 'nollan'
    ? String(TENS[tens] + UNITS[rest])
    : null;
}

/** The digits a number in words is read as: "sextio noll fyra tolv" → "600412", "ett sex" → "16". */
function digitsOfWords(words: string): string | null {
  let digits = '';
  for (const word of words
    .toLocaleLowerCase('sv')
    .replace(
      /(?:^|[\s,])(?:och\s+)?(?:sen|sedan|streck(?:et)?|bindestreck(?:et)?|minus|snedstreck(?:et)?)(?=[\s,])/gu,
      ' ',
    )
    .split(/[\s,\-\u2010-\u2014\u2212]+/u)
    .filter(Boolean)) {
    let century: string | null = null;
    for (let rest = word; rest !== '';) {
      const piece = WORD_PIECE.exec(rest)?.[0];
      if (!piece) return null;
      rest = rest.slice(piece.length);
      if (piece in CENTURIES) {
        if (century !== null) return null;
        century = CENTURIES[piece];
        if (rest === '') digits += `${century}00`;
        continue;
      }
      const value = digitsOfPiece(piece);
      if (value === null) return null;
      digits += century === null ? value : `${century}${value.padStart(2, '0')}`;
      century = null;
    }
  }
  return digits;
}

/** Words read out as a date, a pause, and four: the last part of the reading gives four digits. */
function saidAsDateAndFour(words: string): boolean {
  const parts = words.split(
    /,|\s(?:och\s+)?(?:sen|sedan|streck(?:et)?|bindestreck(?:et)?|snedstreck(?:et)?)\s/u,
  );
  if (parts.length < 2) return false;
  const last = digitsOfWords(parts[parts.length - 1].trim());
  const first = digitsOfWords(parts.slice(0, -1).join(' ').trim());
  return last?.length === 4 && (first?.length === 6 || first?.length === 8);
}

/** Ten digits (or twelve from 19 or 20) whose date part is a date. */
function isCivicLength(digits: string): boolean {
  if (digits.length === 12) return /^(?:19|20)/.test(digits) && isDateShaped(digits.slice(2));
  return digits.length === 10 && isDateShaped(digits);
}

/**
 * A date of birth and the last four apart in a sentence that names the number:
 * "det är typ 110623 och sen 2380", "född 20110623, sen 2380".
 */
const DATE_THEN_FOUR =
  /(?<![\p{L}\p{N}-])((?:19|20)?\d{2}[-\u2010-\u2014\u2212\s]?\d{2}[-\u2010-\u2014\u2212\s]?\d{2})(?:[\s,]+(?:och|o|sen|sedan|så|plus|streck|bindestreck|dash|minus|sist|sista|fyra|är|e|blir|typ|nåt|något|nånting|någonting|liksom|det|de|dom|efter|slutar|på)){1,4}[\s,:]+\d{4}(?![\p{N}]|[-\u2010-\u2014\u2212]\d|\s*(?:kr\b|kronor|sek\b|poäng|st\b|stycken|meter|procent|%))/giu;
/** Ten or twelve digits in any grouping, also one by one: "1-1-0-6-2-3-2-3-8-0", "11 06 23 - 23 80". */
const GROUPED_DIGITS =
  /(?<![\p{L}\p{N}])\d(?:(?:\s?[-\u2010-\u2014\u2212+/.]\s?|\s)?\d){9,11}(?![\p{N}])/gu;

const ORDINAL_DAY =
  '(?:(?:tjugo|trettio)?(?:första|andra|tredje|fjärde|femte|sjätte|sjunde|åttonde|nionde)|tionde|elfte|tolfte|trettonde|fjortonde|femtonde|sextonde|sjuttonde|artonde|nittonde|tjugonde|trettionde)';
/**
 * A date of birth said with the month's name and the last four after it, in words or digits:
 * "tvåtusenfemton, fjortonde mars, tjugotre åttio", "14 mars 2015 och sen 2380". Taken in a
 * sentence that names the number only (spoken dates are everywhere else).
 */
const SPOKEN_DATE_AND_FOUR = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:\\p{L}+|(?:19|20)\\d{2})[\\s,]+)?(?:${ORDINAL_DAY}|\\d{1,2}(?::e)?)\\s+(?:${MONTH_NAMES})(?![\\p{L}])(?:[\\s,]+(?:(?:19|20)\\d{2}|(?:nittonhundra|tvåtusen|tjugohundra)\\p{L}*))?[\\s,]+(?:(?:och\\s+)?(?:sen|sedan|sist|sista\\s+fyra|streck)[\\s,]+)?(\\d{4}(?![\\p{N}])|(?:${NUMBER_PIECE})+(?:[\\s,-]+(?:${NUMBER_PIECE})+){0,3}(?![\\p{L}]))`,
  'giu',
);

function civicByWordHits(text: string): PatternHit[] {
  const hits: PatternHit[] = [];
  // Only where the number is named: the pattern is slow to try at every word.
  const spokenDates = CIVIC_WORD_ANYWHERE.test(text) ? text.matchAll(SPOKEN_DATE_AND_FOUR) : [];
  for (const match of spokenDates) {
    // "14 mars 2015" alone is a date with its year, not a date and the last four.
    if (/^(?:19|20)\d{2}$/.test(match[1])) continue;
    const four = /^\d{4}$/.test(match[1]) ? match[1] : digitsOfWords(match[1]);
    const sentence = sentenceAround(text, match.index, match.index + match[0].length);
    if (four?.length === 4 && CIVIC_WORD_ANYWHERE.test(sentence)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(DOTTED_CIVIC_NUMBER)) {
    const date = match[0].replace(/[\s\-\u2010-\u2014\u2212+]\d{4}$/, '').replace(/\D/g, '');
    if (isDateShaped(date.length === 8 ? date.slice(2) : date)) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(EMBEDDED_CIVIC_NUMBER)) {
    const [whole, year, , month, day, , four] = match;
    const date = `${year.slice(-2)}${month}${day}`;
    const digits = `${date}${four}`;
    const sentence = sentenceAround(text, match.index, match.index + whole.length);
    // "IMG_20150612_1430": a file stamped with a date and a time of day is no one's number.
    const timeOfDay = Number(four.slice(0, 2)) < 24 && Number(four.slice(2)) < 60;
    // From a zero without the century, a phone number's shape: only with its check digit.
    const phoneShaped = year.length === 2 && year.startsWith('0');
    if (
      isDateShaped(date) &&
      (!timeOfDay || Personnummer.valid(digits) || CIVIC_WORD_ANYWHERE.test(sentence)) &&
      (!phoneShaped || Personnummer.valid(digits))
    ) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + whole.length,
      });
    }
  }
  for (const match of text.matchAll(PAIRED_CIVIC_NUMBER)) {
    const digits = match[0].replace(/\D/g, '');
    const before = text.slice(Math.max(0, match.index - 30), match.index);
    // No phone number is ten digits from 1 to 9: "mitt nummer är 11 05 14 23 82" is no phone.
    // Mistyped (its check digit wrong) only where the digits are said to be someone's number.
    const named =
      NUMBER_NAMED.test(sentenceAround(text, match.index, match.index + match[0].length)) &&
      !/^0/.test(digits);
    if (
      isDateShaped(digits) &&
      (Personnummer.valid(digits) || named) &&
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
    const digits = digitsOfWords(match[0]);
    if (digits === null || digits.length < 8) continue;
    // In a sentence that names the number, eight digits read out or more are it (mistyped or not);
    // read out without the word: ten digits in a date's shape, not from a zero as a phone number is.
    const named =
      CIVIC_WORD.test(before) ||
      CIVIC_WORD_ANYWHERE.test(sentenceAround(text, match.index, match.index + match[0].length));
    // From a zero (born 2000–2009) only said as the number is said, the date and then the last
    // four ("noll åtta noll fem sjutton, tjugonio trettionio"), with its check digit: a phone
    // number read out is grouped otherwise.
    const readOut =
      isCivicLength(digits) &&
      (!digits.startsWith('0') ||
        (Personnummer.valid(digits.slice(-10)) && saidAsDateAndFour(match[0])));
    if (named || readOut) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(GROUPED_DIGITS)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    const digits = match[0].replace(/\D/g, '');
    // After the word: ten or twelve digits in a date's shape, or any not from a zero (no phone's).
    const afterWord =
      CIVIC_WORD.test(before) &&
      (isCivicLength(digits) ||
        (digits.length === 10 && !digits.startsWith('0')) ||
        (digits.length === 12 && /^(?:19|20)/.test(digits)));
    // Without it: grouped as no phone number is, in a date's shape and with its check digit.
    const checked =
      !digits.startsWith('0') &&
      isCivicLength(digits) &&
      Personnummer.valid(digits.slice(-10)) &&
      !LISTED_NUMBERS.test(before);
    // "1 5 0 6 1 2 – 3 4 5 8": spaced out, but the dash after the date is the number's own form.
    const [date, four, ...rest] = match[0].split(/\s?[-\u2010-\u2014\u2212+]\s?/u);
    const dashedAsTheNumber =
      rest.length === 0 &&
      four !== undefined &&
      four.replace(/\D/g, '').length === 4 &&
      /\d\s\d/.test(match[0]) &&
      isCivicLength(date.replace(/\D/g, '') + four.replace(/\D/g, '')) &&
      !LISTED_NUMBERS.test(before);
    if (afterWord || checked || dashedAsTheNumber) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(DATE_THEN_FOUR)) {
    const date = match[1].replace(/\D/g, '');
    const sentence = sentenceAround(text, match.index, match.index + match[0].length);
    if (
      isDateShaped(date.length === 8 ? date.slice(2) : date) &&
      CIVIC_WORD_ANYWHERE.test(sentence)
    ) {
      hits.push({
        category: 'civic_number',
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  for (const match of text.matchAll(DATE_AND_LAST_FOUR)) {
    const date = match[0].match(/^[\d\-\u2010-\u2014\u2212]+/)![0].replace(/\D/g, '');
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

/** Spans of one category overlapping a span of another. */
const overlaps = (a: PatternHit, b: PatternHit): boolean => a.start < b.end && b.start < a.end;

function isCivicNumber(match: RegExpMatchArray): boolean {
  const [whole, century, , month, day, separator] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  const isDateShaped =
    monthNumber >= 1 &&
    monthNumber <= 12 &&
    ((dayNumber >= 1 && dayNumber <= 31) || (dayNumber >= 61 && dayNumber <= 91));
  if (!isDateShaped) {
    // Written as the number is, date and last four apart by a dash or plus, only the date
    // mistyped: in a sentence that names the number ("skrev 110541-2382" on the test), or with
    // month and day swapped ("811302-1234").
    if (!separator || !/[-\u2010-\u2014\u2212+]/.test(separator)) return false;
    if (/^\d{2,4}[-\u2010-\u2014\u2212\s]\d{2}/.test(whole)) return false;
    const index = match.index ?? 0;
    const named = CIVIC_WORD_ANYWHERE.test(
      sentenceAround(match.input ?? '', index, index + whole.length),
    );
    const swapped = dayNumber >= 1 && dayNumber <= 12 && monthNumber >= 1 && monthNumber <= 31;
    return named || swapped;
  }
  if (!century && !separator && whole.startsWith('0')) {
    // A landline is written with its area code apart; ten digits from 07 are a mobile number.
    if (afterPhoneWord(match)) return false;
    return Personnummer.valid(whole) || !whole.startsWith('07');
  }
  // Separators inside the date (16-03-12-2381, 2016 03 12 2381) only with one before the last four.
  if (/^\d{2,4}[-\u2010-\u2014\u2212\s]\d{2}/.test(whole) && !separator) {
    return false;
  }
  return true;
}

const PHONE =
  /(?<![\p{L}\p{N}-]|\p{N}[/.])(?:(?:\+|00)46[\s-]?(?:\(0\))?[\s-]?|0)(?:7\d{1,2}|[1-9]\d{0,2})(?:\s?[-\u2013]\s?|\s)?\d{2,3}[\s-]?\d{2}(?:[\s-]?\d{2,3})?(?![\p{N}])/gu;
/**
 * An area code and the subscriber's number in groups of two to four
 * ("0645-192 260", "08-555 912 40", "(0645) 19 22 00", "+46 645 192 260"):
 * a national number of eight to ten digits, counted in phoneByGroups.
 */
const GROUPED_PHONE =
  /(?<![\p{L}\p{N}-]|\p{N}[/.])(?:(?:\+|00)46[\s-]?(?:\(0\))?[\s-]?[1-9]\d{0,2}|\(0[1-9]\d{0,3}\)|0[1-9]\d{0,3})(\s?[-\u2010-\u2014\u2212/]\s?|\s)\d{1,4}(?:[\s-]\d{2,4}){0,3}(?![\p{N}]|[-\u2010-\u2014\u2212]\d)/gu;

function isGroupedPhone(match: RegExpMatchArray): boolean {
  const whole = match[0];
  // Not the tail of a longer row of digits: "11 05 14 23 82" holds no "05 14 23 82".
  if (/\d\s$/.test((match.input ?? '').slice(0, match.index))) return false;
  const separator = match[1];
  const digits = whole
    .replace(/^(?:\+|00)46/, '0')
    .replace(/\D/g, '')
    .replace(/^00/, '0');
  if (digits.length < 8 || digits.length > 10) return false;
  // "070 4 33 22 11": a one-digit group only in a sentence of calling.
  if (/^\S+[\s\-\u2010-\u2014\u2212/]+\d(?!\d)/u.test(whole.trim()) && !afterPhoneWord(match)) {
    return false;
  }
  // Only spaces between the groups: three groups or more, or a word that says it is a number.
  const groups = whole.trim().split(/[\s\-\u2010-\u2014\u2212/]+/).length;
  if (
    !/[-\u2010-\u2014\u2212/]/.test(separator) &&
    !whole.startsWith('+') &&
    !whole.startsWith('(')
  ) {
    return groups >= 3 || afterPhoneWord(match);
  }
  return true;
}
/** A local number after a word that says it is one: "tel. 12 34 56", "mobil: 123 45 67". */
const LOCAL_PHONE =
  /(?<=\b(?:tel|telefon|telefonnummer|mobil|mobilnummer|nr|nummer|ring|sms)\.?:?\s)\d{2,3}(?:[\s-]\d{2,3}){1,3}(?![\p{N}])/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** "@" written otherwise: "(at)", "[at]", "(snabel-a)", " snabel-a ", " snabela ", " kanelbulle ", " @ ". */
const EMAIL_AT =
  '(?:\\s?@\\s?|\\s?[(\\[{]\\s?(?:at|a|snabel-?a|@)\\s?[)\\]}]\\s?|\\s(?:at|snabel[-\\s]?a|kanelbulle|at-tecken)\\s)';
/** "." written otherwise: "(dot)", "[punkt]", " punkt ", " . " (spaced on both sides). */
const EMAIL_DOT =
  '(?:\\.|\\s\\.\\s|\\s?[(\\[{]\\s?(?:dot|punkt|\\.)\\s?[)\\]}]\\s?|\\s(?:dot|punkt)\\s)';
/** The last part of a domain: the common national and generic ones. */
const TOP_DOMAIN =
  '(?:se|com|nu|net|org|fi|no|dk|de|eu|info|edu|io|uk|fr|es|it|nl|be|ch|pl|ee|is|tr|gov|me)';
/**
 * An e-mail address written to fool harvesters or said as it is read out:
 * "johan.sundqvist(at)gmail.com", "anna [at] skolan [dot] se", "namn snabel-a gmail punkt com",
 * "johan @ gmail . com", "maria.nilsson@gmail punkt com", "ebba at hotmail.co.uk".
 */
const OBFUSCATED_EMAIL = new RegExp(
  `[\\p{L}\\p{N}._%+-]+${EMAIL_AT}[\\p{L}\\p{N}-]+(?:${EMAIL_DOT}[\\p{L}\\p{N}-]+)*?${EMAIL_DOT}${TOP_DOMAIN}(?![\\p{L}\\p{N}])`,
  'giu',
);
/** A number abroad: "+358 40 123 4567", "+49 151 2345 6789", "0090 532 123 45 67" (not +46, PHONE has it). */
const FOREIGN_PHONE =
  /(?<![\p{L}\p{N}])(?:\+|00)(?!46)[1-9]\d{0,2}(?:\s?\(0\))?(?:[\s.-]?\d{1,4}){2,6}(?![\p{N}])/gu;
/** A number with dots between its groups: "070.312.45.89", "0645.192.260". */
const DOTTED_PHONE = /(?<![\p{L}\p{N}.])0\d{2,3}(?:\.\d{2,4}){2,4}(?![\p{N}]|\.\d)/gu;
/**
 * A number written digit by digit, apart: "0 7 0 4 1 2 3 8 9 5", "0-7-3-9-8-7-6-5-4-3",
 * "0 7 3 - 1 2 3 4 5 6 7". From a zero and an area code's first digit, eight to ten digits.
 */
const SPACED_PHONE =
  /(?<![\p{L}\p{N}]|\p{N}[\s.,/-])0(?:\s?[-.\u2013/]\s?|\s)[1-9](?:(?:\s?[-.\u2013/]\s?|\s)\d){6,8}(?![\p{N}]|\s?[-.,/]?\s?\d)/gu;
/**
 * A North American number with its area code in brackets: "(212) 555-0199", "+1 (212) 555 0199";
 * "212-555-0199" in a sentence of calling.
 */
const NORTH_AMERICAN_PHONE =
  /(?<![\p{L}\p{N}]|\p{N}[\s.-])(?:(?:\+?1\s?)?\([2-9]\d{2}\)\s?|[2-9]\d{2}-)\d{3}[\s.-]\d{4}(?![\p{N}]|[\s.-]\d)/gu;
const DIGIT_WORD = '(?:noll|nolla|ett|en|två|tre|fyra|fem|sex|sju|åtta|nio)';
/**
 * A number read out partly in words, partly in digits: "nollsjuttio 123 45 67", "noll sju noll
 * 412 38 95", "070 tjugotre fyrtiofem sextiosju åttionio". Read in mixedPhoneSpan: from a zero,
 * eight to ten digits, with words and digits both.
 */
const MIXED_PHONE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:0\\d{0,3}|noll\\p{L}*)(?:[\\s,:-]+(?:\\d{1,4}|(?:${NUMBER_PIECE})+)(?![\\p{L}\\p{N}])){1,9}`,
  'giu',
);
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
/**
 * Endings of street names that are words of their own ("Strand", "Dalen"): only at the end of a
 * compound, "Kevingestrand 12", "Fiskarbryggan 3", "Solviken 8", "Björklunden 14".
 */
const STREET_ENDINGS_IN_COMPOUNDS =
  'strand|stranden|bryggan|viken|lunden|dalen|holmen|hamnen|Strand|Stranden|Bryggan|Viken|Lunden|Dalen|Holmen|Hamnen';
const STREET = new RegExp(
  `(?<![\\p{L}])(?:(?:Västra|Östra|Norra|Södra|Stora|Lilla|Gamla|Nya)\\s(?=\\p{Lu}))?(?:\\p{L}*(?:${STREET_ENDINGS}|${capitalised(STREET_ENDINGS)})|\\p{L}{3,}(?:${STREET_ENDINGS_IN_COMPOUNDS}))\\s+[1-9]\\d{0,3}(?![\\p{N}]|[.:,]\\d)(?:\\s?[A-Ha-h](?![\\p{L}]))?(?:,?\\s*(?:lgh|lägenhet)\\s*\\d{1,4})?`,
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
/**
 * Endings of a street proper. "-parken", "-gården", "-hagen", "-höjden" also end the names of
 * neighbourhoods ("flyttar till en lägenhet i Öresundsparken"), an address only with a number.
 */
const STREET_PROPER = new RegExp(
  '(?:gatan|gata|vägen|väg|gränd|gränden|stigen|stig|allén|allé|torget|torg|backen|backe|leden|platsen|stråket|slingan|gången|ringen|esplanaden|kajen|promenaden|bågen|svängen|kroken|vändan|terrassen)$',
  'u',
);
/**
 * "bor på Ekvägen", "flyttat till Klövervägen": the street without its number is an address too.
 * A farm's or a house's name after "på" ("bor på Norrgården", "på Skogsbrynet"); "i" or "nära"
 * before such a name is a neighbourhood ("i Öresundsparken", "nära Strandparken").
 */
const LIVES_ON = new RegExp(
  `(?<=\\b(?:bor|bodde|bott|bo|flytta|flyttat|flyttade|flyttar|folkbokförd\\p{L}*|skriven|skrivna|mantalsskriven|adress|adressen|\\p{L}+adress(?:en)?)\\b[^.!?\\n]{0,40}?(?:(?<![\\p{L}])(?:på|vid|till|i|nära|längs|utmed|intill|gata|gatan|kvarter|kvarteret|är|e) |, |: ))(?:\\p{Lu}\\p{L}*(?:${STREET_ENDINGS})|(?:(?:västra|östra|norra|södra|stora|lilla|gamla|nya)\\s\\p{Ll}*|\\p{Ll}{3,})(?:gatan|vägen|gränd|gränden|stigen|allén|torget|backen|esplanaden))\\b`,
  'gu',
);
/**
 * "bor på Skogsbrynet 7", "bor i Korsträsk 112" (a village and its house number), "en ny lägenhet
 * på Lövgärdets Centrum 15": a name and a number where someone lives, not "bott i Sverige 3 år"
 * nor "flyttade till Sundsvall 2019".
 */
const LIVES_AT_NUMBER =
  /(?<=\b(?:bor|bodde|bott|flyttat|flyttade|flyttar|adress|adressen|lägenhet|lägenheten|hus|huset|bostad|bostaden|boende|boendet|sommarställe|sommarstället|sommarstuga|sommarstugan|stuga|stugan|landställe|landstället|fritidshus|fritidshuset|hyr|hyrt|hyrde|skicka|skickar|skickade|skickas|posta|postar|postade|post|posten|brev|breven|brevet|papper|papperen|pappren)\b[^.!?\n]{0,40}?\b(?:på|vid|i|till) )\p{Lu}\p{L}+(?:,?\s\p{Lu}\p{L}+){0,2}\s(?!(?:19|20)\d{2}(?![\p{N}]))\d{1,4}(?:\s?[A-Ha-h](?![\p{L}]))?(?![\p{N}]|[.,:]\d|\s*(?:år|månad\p{L}*|veckor|vecka|dagar|dag|mil|km|kilometer|meter|minut\p{L}*|timm\p{L}*|procent|%|gång\p{L}*|st\b|stycken|kr\b|kronor))/gu;
/**
 * A street in a pupil's lower case after a word of living: "jag har flyttat till esplanaden 12",
 * "nya adressen e stora torget 2".
 */
const LIVES_AT_LOWER_CASE_STREET = new RegExp(
  `(?<=\\b(?:bor|bodde|bott|bo|flytta\\p{L}*|adress\\p{L}*|lägenhet\\p{L}*|bostad\\p{L}*|hemadress\\p{L}*)\\b[^.!?\\n]{0,40}?(?:\\b(?:på|vid|till|i|e|är)|:) )(?:(?:stora|lilla|norra|södra|västra|östra|gamla|nya)\\s)?\\p{Ll}*(?:${STREET_ENDINGS})\\s\\d{1,4}(?:\\s?[a-h](?![\\p{L}]))?(?![\\p{N}]|[.,:]\\d|\\s*(?:år|månad\\p{L}*|veckor|vecka|dagar|dag|km|kilometer|meter|mil|minut\\p{L}*|timm\\p{L}*|gånger|procent|%))`,
  'gu',
);
/** A street named in two words: "Skarpnäcks allé 40", "Västra vägen 2", "Karl Johans väg 3". */
const TWO_WORD_STREET =
  /(?<![\p{L}])\p{Lu}\p{Ll}+\s\p{Ll}*(?:allé|väg|vägen|gata|gatan|gränd|torg|backe|stig|plan|strand|park|kaj|esplanad|promenad|gård)\s\d{1,4}(?:\s?[A-Ha-h](?![\p{L}]))?(?![\p{N}]|[.,:]\d|\s*(?:år|km|kilometer|meter|mil|minut\p{L}*|gånger|procent|%))/gu;
/**
 * A street in Denmark, Norway, Germany or the Netherlands by its endings: "Nørrebrogade 112",
 * "Strandvejen 12", "Karl Johans gate 5", "Goethestraße 8", "Lindenweg 3", "Keizersgracht 12".
 */
const NORDIC_STREET =
  /(?<![\p{L}])\p{Lu}\p{L}*(?:gade|gaden|vej|vejen|stræde|strædet|plads|pladsen|torv|torvet|veien|gate|gata|straße|strasse|weg|platz|allee|gasse|straat|laan|gracht)\s\d{1,4}(?:\s?[A-Ha-h](?![\p{L}]))?(?![\p{N}]|[.,:]\d|\s*(?:år|km|kilometer|meter|mil|minut\p{L}*|gånger|procent|%))/gu;
/** A Swedish mobile number with its country code and no plus: "46 70 111 22 33" (0046 is PHONE's). */
const COUNTRY_CODE_MOBILE = /(?<![\p{L}\p{N}+])46[\s-]?7\d(?:[\s-]?\d){7}(?![\p{N}]|[\s-]\d)/gu;
const POST_BOX = /\b(?:box|postbox|fack|postfack|pl)\s+\d{1,6}\b/giu;
/** "c/o Andersson", "c/o familjen Niemi": an address in another's care. */
const CARE_OF = /(?<![\p{L}])c\/o\s+(?:familjen\s+)?\p{L}+(?:\s\p{Lu}\p{L}+)?/giu;
/**
 * A farm or a homestead by its name, where someone lives or stays: "bor på gården Rantala",
 * "hos morföräldrarna på gården Lilla Kärra", "farmor bor på en gård som heter alatalo",
 * "bor på Nybruket utanför Sangis". Taken only in a sentence about someone's home.
 */
const NAMED_FARM =
  /(?<![\p{L}])(?:(?:släkt|föräldra|sommar|barndoms|bond|mjölk|häst)?(?:gården|torpet|fäboden|fäbodvallen|hemmanet|sätern|kronotorpet)\s+(?:(?:Lilla|Stora|Norra|Södra|Västra|Östra|Nya|Gamla)\s+)?\p{Lu}\p{L}+|\p{L}*(?:gård(?:en)?|torp(?:et)?|fäbod(?:en)?|hemman(?:et)?)\s+som\s+(?:heter|hette|kallas)\s+\p{L}{3,}|(?:(?:Lilla|Stora|Norra|Södra|Västra|Östra|Nya|Gamla)\s+)?\p{Lu}\p{L}+\s+gård(?![\p{L}])|(?<=\b(?:bor|bodde|bott|bo)\s+(?:numera\s+|nu\s+)?på\s)(?:(?:Lilla|Stora|Norra|Södra|Västra|Östra|Nya|Gamla)\s+)?\p{Lu}\p{L}*(?:gården|torpet|bruket|hemmanet)(?![\p{L}])|(?<=\b(?:bor|bodde|bott)\s+(?:numera\s+|nu\s+)?(?:på|vid)\s)\p{Lu}\p{L}+(?=,?\s+(?:(?:cirka|ca|typ|drygt|knappt|ungefär|någon|några|en|ett|\p{L}+|\d+)\s+(?:mil|km|kilometer)\s+)?(?:utanför|norr\s+om|söder\s+om|öster\s+om|väster\s+om)\s+\p{Lu}))/gu;
const HOME_OR_STAY =
  /(?<![\p{L}])(?:bor|bodde|bott|bo|vistas|tillbringar|tillbringade|övernatt\p{L}*|sover|sov|sova|stannar|stannade|flytta\p{L}*|lägenhet\p{L}*|bostad\p{L}*|hos|hem|hemma|nås|adress\p{L}*|familj\p{L}*|mormor|morfar|farmor|farfar|morföräldr\p{L}*|farföräldr\p{L}*|vårdnadshavar\p{L}*|skolskjuts\p{L}*)(?![\p{L}])/iu;
/** Kinds of street in English: "Street", "Road", "Square", "Gardens", "Crescent". */
const ENGLISH_STREET_KINDS =
  'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Square|Sq|Place|Pl|Gardens|Terrace|Close|Drive|Dr|Court|Ct|Crescent|Way|Boulevard|Blvd|Row|Mews|Grove|Parkway';
/**
 * An address abroad by its house number: "gata 26 juni nummer 14", "Main Street 12",
 * "12 Baker Street", "14 Cadogan Square", "211 East 70th Street", "5 rue de la Paix",
 * "Rue de Rivoli 5", "Calle Mayor 3".
 */
const FOREIGN_ADDRESS = new RegExp(
  `(?<![\\p{L}])(?:(?:gata|gatan|street|road|avenue|rue|calle|via|strasse|straße|ulica|sokak|sokağı|caddesi|waddada|jidka)\\b[^.!?\\n\\d]{0,30}?(?:\\d{1,2}\\s+\\p{L}+\\s+)?(?:nummer|nr\\.?|no\\.?|number|numero|número)\\s*\\d{1,4}|\\p{Lu}\\p{L}+\\s(?:${ENGLISH_STREET_KINDS}|Straße|Strasse|Caddesi|Sokak)\\s\\d{1,4}|(?<![\\p{N}][\\s.,-]?)\\d{1,5}[A-Za-z]?,?\\s(?:(?:North|South|East|West|N|S|E|W)\\.?\\s)?(?:\\p{Lu}\\p{L}+|\\d{1,3}(?:st|nd|rd|th))(?:\\s\\p{Lu}\\p{L}+){0,2}\\s(?:${ENGLISH_STREET_KINDS})\\.?(?![\\p{L}])|(?<![\\p{N}][\\s.,-]?)\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s(?:rue|avenue|boulevard|place|allée|chemin|quai|impasse|calle|avenida|via|viale|piazza|corso)\\s(?:(?:de|du|des|la|le|les|del|della|di|dei|de\\sla)\\s|l['’]|d['’])*\\p{Lu}\\p{L}+)(?![\\p{N}])`,
  'gu',
);
/**
 * A postcode abroad in its country's shape, next to a town or a street: "SW1X 0JU" (British),
 * "NY 10021" after a town and a comma (American). Taken only where someone lives, as an address is.
 */
const FOREIGN_POSTAL_CODE =
  /(?<![\p{L}\p{N}])(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|(?<=\p{Lu}\p{L}+,\s)[A-Z]{2}\s\d{5}(?:-\d{4})?)(?![\p{L}\p{N}])/gu;
/**
 * Labels of numbers to pay to: bankgiro, plusgiro, an account, an invoice's or order's
 * number. Not "swisha": a private person's Swish number is their mobile number.
 */
const PAYMENT_WORD =
  /\b(?:bankgiro\p{L}*|plusgiro\p{L}*|bg|pg|konto\p{L}*|clearing\p{L}*|ocr|faktura\p{L}*|order\p{L}*|referens\p{L}*|kundn(?:umm?er|r)\p{L}*|medlemsn(?:umm?er|r)\p{L}*)\.?:?\s*(?:nr\.?:?\s*|nummer:?\s*)?(?:är\s+|e\s+)?$/iu;
const POSTAL_CODE = /(?<![\p{N}])\d{3} ?\d{2}(?![\p{N}])\s+\p{Lu}\p{L}+/gu;
/** A postcode said to be one, without its town: "postnummer 852 38". */
const NAMED_POSTAL_CODE =
  /(?<=\b(?:postnummer|postnumret|postnr)\.?:?\s{0,2}(?:är\s+|e\s+)?)\d{3} ?\d{2}(?![\p{N}])/giu;

/** The digits of a Swedish number as dialled at home: "+46 70 …" and "0046 70 …" from "070". */
function nationalDigits(written: string): string {
  return written
    .replace(/^(?:\+|00)46\s?(?:\(0\))?/, '0')
    .replace(/\D/g, '')
    .replace(/^00/, '0');
}

/**
 * The longest start of a run of numbers in words and digits that is a phone number: from a zero
 * and an area code, eight to ten digits, both words and digits in it ("ring 070 123 45 67 en gång
 * till" is a number in digits alone, PHONE's).
 */
function mixedPhoneSpan(match: RegExpMatchArray): string | null {
  const parts = match[0].split(/(?<=[\p{L}\p{N}])(?=[\s,:-])/u);
  let digits = '';
  let words = false;
  let numerals = false;
  let best: string | null = null;
  let written = '';
  for (const part of parts) {
    const bare = part.replace(/^[\s,:-]+/u, '');
    const value = /^\d+$/.test(bare) ? bare : digitsOfWords(bare);
    if (value === null) break;
    if (/^\d+$/.test(bare)) numerals = true;
    else words = true;
    digits += value;
    written += part;
    if (digits.length > 10) break;
    if (words && numerals && digits.length >= 8 && /^0[1-9]/.test(digits)) best = written;
  }
  return best;
}

/**
 * Ten digits apart in a date's shape whose check digit holds, not after a word of phoning:
 * a child born in 2000–2009 spelt out digit by digit, the civic number's own findings.
 */
function readAsCivicNumber(match: RegExpMatchArray): boolean {
  const digits = match[0].replace(/\D/g, '');
  return (
    !digits.startsWith('07') &&
    isCivicLength(digits) &&
    Personnummer.valid(digits) &&
    !afterPhoneWord(match)
  );
}

/** A place visited with the class: "besöker Vasamuseet på Galärvarvsvägen 14" is no one's address. */
const EXCURSION =
  /(?<![\p{L}])(?:besök\p{L}*|utflykt\p{L}*|läger\p{L}*|lägerskol\p{L}*|exkursion\p{L}*|studiebesök\p{L}*|studieresa\p{L}*|klassresa\p{L}*|\p{L}*museet|\p{L}*museum)(?![\p{L}])/iu;
/**
 * A public place named before its address: "Skolan ligger på Storgatan 10", "Mötet hålls i
 * Stadshuset, Skolgatan 31A", "Biblioteket på Rådhusesplanaden 6", "till Ica på Storgatan 10".
 */
const PUBLIC_PLACE_BEFORE =
  /(?<![\p{L}])(?:\p{L}*skolan|skolans|\p{L}*biblioteket|\p{L}*hallen|stadshuset|kommunhuset|mötet|\p{L}*mottagningen|\p{L}*centralen|elevhälsan|\p{L}*kontoret|butiken|affären|ica|coop|konsum|willys|hemköp|lidl|fritidsgården|\p{L}*hållplatsen|stationen|restaurangen|kaféet|caféet|kyrkan|moskén)(?![\p{L}])[^.!?\n]*$/iu;
/**
 * A lesson or the past: "läste om torpet Mårbacka där Selma Lagerlöf bodde", "på torpet fick vi
 * se hur man bodde förr", "läste om 10 Downing Street där premiärministern bor".
 */
const LESSON_OR_PAST =
  /(?<![\p{L}])(?:förr|förr\s+i\s+tiden|historia|historien|historisk\p{L}*|\d{3,4}-talet|läste|läser|lärde|lektion\p{L}*|engelskan|engelska)(?![\p{L}])/iu;
const SOMEONES_HOME =
  /(?<![\p{L}])(?:bor|bodde|bott|flytta\p{L}*|adress\p{L}*|hem|hemma|hemmet|hemadress\p{L}*|mamma\p{L}*|pappa\p{L}*|familj\p{L}*|mormor|morfar|farmor|farfar|vårdnadshavar\p{L}*|granne|grannen|grannar\p{L}*)(?![\p{L}])/iu;

/** A code just before digits: a Kahoot pin, a locker or door code, a password. */
const CODE_WORD =
  /(?:\p{L}*kod(?:en)?|(?:\p{L}+-)?pin(?:-?kod(?:en)?|nen|en)?|lösenord\p{L}*|game\s?pin|kombination\p{L}*)\b[^\d.!?\n]{0,12}$/iu;

/** The sentence around a span. */
function sentenceAround(text: string, start: number, end: number): string {
  const from = Math.max(...['.', '!', '?', '\n'].map((mark) => text.lastIndexOf(mark, start - 1)));
  const breaks = ['. ', '!', '?', '\n']
    .map((mark) => text.indexOf(mark, end))
    .filter((at) => at >= 0);
  return text.slice(from + 1, breaks.length > 0 ? Math.min(...breaks) : text.length);
}

/** The sentence up to a position. */
function sentenceBefore(text: string, at: number): string {
  const from = Math.max(...['.', '!', '?', '\n'].map((mark) => text.lastIndexOf(mark, at - 1)));
  return text.slice(from + 1, at);
}

/** A business's Swish number (ten digits from 123: no phone begins so) or a labelled payment number. */
function isPaymentNumber(text: string, match: RegExpMatchArray): boolean {
  const digits = match[0].replace(/\D/g, '');
  const at = match.index ?? 0;
  return /^123\d{7}$/.test(digits) || PAYMENT_WORD.test(text.slice(Math.max(0, at - 40), at));
}

/**
 * Words without which a slow pattern cannot match: checked once per text, so that the pattern
 * is not tried at every position of a plan that has none of them.
 */
const NEEDS = new Map<RegExp, RegExp>([
  [NAMED_FARM, /gård|torp|fäbod|hemman|sätern|utanför|(?:norr|söder|öster|väster)\som/iu],
  [
    NORDIC_STREET,
    /gade|vej|stræde|plads|torv|veien|gate\s|gata\s|stra(?:ss|ß)e|weg\s|platz|allee|gasse|straat|laan|gracht/iu,
  ],
  [
    FOREIGN_ADDRESS,
    new RegExp(
      `gata|street|road|avenue|lane|rue|calle|via|stra(?:ss|ß)e|ulica|sokak|caddesi|waddada|jidka|(?<![\\p{L}])(?:${ENGLISH_STREET_KINDS}|allée|chemin|quai|impasse|avenida|viale|piazza|corso|boulevard|place)(?![\\p{L}])`,
      'iu',
    ),
  ],
  [FOREIGN_POSTAL_CODE, /[A-Z]\d|[A-Z]{2}\s\d{5}/u],
  [OBFUSCATED_EMAIL, /@|\bat\b|snabel|kanelbulle|[([{]\s?a\s?[)\]}]/iu],
  [POST_BOX, /box|fack|pl\s/iu],
  [CARE_OF, /c\/o/iu],
]);

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
  // "Dnr 2024-03-12-0045", "Fakturanummer 20240615-1234": a number labelled as another, unless
  // its check digit holds ("ärendet 150314/2380": the case is filed under the child's number).
  const civic = hits.filter(
    (hit) =>
      !labelledAsDanish(text, hit.start) &&
      (!labelledAsOtherNumber(text, hit.start) || holdsCheckDigit(text.slice(hit.start, hit.end))),
  );
  hits.splice(0, hits.length, ...civic);
  for (const match of text.matchAll(GROUPED_PHONE)) {
    if (
      isGroupedPhone(match) &&
      !isPaymentNumber(text, match) &&
      !labelledAsDanish(text, match.index)
    ) {
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
    LIVES_AT_LOWER_CASE_STREET,
    TWO_WORD_STREET,
    NORDIC_STREET,
    COUNTRY_CODE_MOBILE,
    OBFUSCATED_EMAIL,
    FOREIGN_PHONE,
    DOTTED_PHONE,
    SPACED_PHONE,
    NORTH_AMERICAN_PHONE,
    MIXED_PHONE,
    PHONE_IN_WORDS,
    PHONE_IN_WORDS_AFTER_WORD,
    POSTAL_CODE,
    NAMED_POSTAL_CODE,
    POST_BOX,
    CARE_OF,
    NAMED_FARM,
    FOREIGN_ADDRESS,
    FOREIGN_POSTAL_CODE,
  ]) {
    if (NEEDS.get(pattern)?.test(text) === false) continue;
    for (const match of text.matchAll(pattern)) {
      // A street is a name: capitalised, or a compound such as "storgatan 3" (not "vägen 3").
      if (
        pattern === STREET &&
        !/^\p{Lu}/u.test(match[0]) &&
        !/^\p{L}{3,}(?:gatan|vägen|stigen|gränd|gränden|allén|backen|torget|slingan|gången|leden)\s/u.test(
          match[0],
        )
      ) {
        continue;
      }
      // "sprang skogsstigen 3 gånger": a distance or a count, not a house number.
      if (
        pattern === STREET &&
        /^\s*(?:gånger|varv|km|kilometer|meter|mil|minut\p{L}*|timm\p{L}*|år|dagar|procent|%)/u.test(
          text.slice(match.index + match[0].length),
        )
      ) {
        continue;
      }
      if (pattern === STREET || pattern === TWO_WORD_STREET || pattern === NORDIC_STREET) {
        const after = text.slice(match.index + match[0].length);
        // "Poängen 12 14 16 18": a row of numbers, not a house's ("Storgatan 12 3 tr" is one).
        if (/^\s\d{1,2}(?![\p{N}]|\s*(?:tr\b|trappor|trappa|van\b|vån\p{L}*))/u.test(after))
          continue;
        // "mordet på Sveavägen 1986": a year after the street, unless it is someone's home.
        const number = /(\d+)\s?[A-Ha-h]?$/u.exec(
          match[0].replace(/,?\s*(?:lgh|lägenhet)\s*\d+$/u, ''),
        );
        if (
          number !== null &&
          /^(?:19|20)\d{2}$/.test(number[1]) &&
          !SOMEONES_HOME.test(sentenceAround(text, match.index, match.index + match[0].length))
        ) {
          continue;
        }
      }
      // "i Öresundsparken", "nära Strandparken": a neighbourhood; "på Norrgården" a farm's name.
      if (
        pattern === LIVES_ON &&
        !STREET_PROPER.test(match[0]) &&
        !/(?<![\p{L}])på\s$/u.test(text.slice(Math.max(0, match.index - 4), match.index))
      ) {
        continue;
      }
      // A farm, or a street abroad ("Baker Street 221B" in the English lesson): only someone's home.
      if (
        pattern === NAMED_FARM ||
        pattern === FOREIGN_ADDRESS ||
        pattern === FOREIGN_POSTAL_CODE
      ) {
        const sentence = sentenceAround(text, match.index, match.index + match[0].length);
        if (!HOME_OR_STAY.test(sentence)) continue;
        // "klassen övernattade på gården Hamra under lägerskolan": a place of the class's visit.
        if (EXCURSION.test(sentence) && !SOMEONES_HOME.test(sentence)) continue;
        if (LESSON_OR_PAST.test(sentence)) continue;
      }
      // "klasskassans nummer 123 587 44 16", "bankgiro 5050-1055": a number to pay to.
      const isPhonePattern =
        pattern === PHONE ||
        pattern === COUNTRY_CODE_MOBILE ||
        pattern === LOCAL_PHONE ||
        pattern === DOTTED_PHONE ||
        pattern === SPACED_PHONE ||
        pattern === MIXED_PHONE ||
        pattern === PHONE_IN_WORDS ||
        pattern === PHONE_IN_WORDS_AFTER_WORD;
      if (isPhonePattern && isPaymentNumber(text, match)) continue;
      // "CPR-nummer är 030585-2291": a Danish identity number from a zero is no phone either.
      if (isPhonePattern && labelledAsDanish(text, match.index)) continue;
      // A child's number read out is a civic number, not a phone number.
      if (
        (pattern === PHONE_IN_WORDS || pattern === PHONE_IN_WORDS_AFTER_WORD) &&
        civic.some((hit) => hit.start <= match.index && match.index + match[0].length <= hit.end)
      ) {
        continue;
      }
      if (pattern === STREET || pattern === TWO_WORD_STREET || pattern === NORDIC_STREET) {
        const sentence = sentenceAround(text, match.index, match.index + match[0].length);
        if (EXCURSION.test(sentence) && !SOMEONES_HOME.test(sentence)) continue;
        if (
          PUBLIC_PLACE_BEFORE.test(sentenceBefore(text, match.index)) &&
          !SOMEONES_HOME.test(sentence)
        )
          continue;
      }
      // "2025/0417-61": a Swedish number has eight digits or more with its zero.
      if (pattern === PHONE && nationalDigits(match[0]).length < 8) continue;
      let end = match.index + match[0].length;
      if (pattern === MIXED_PHONE) {
        const span = mixedPhoneSpan(match);
        if (span === null) continue;
        end = match.index + span.length;
      }
      // "poängen 0 3 2 1 4 5 2 3": a row of scores is no number to call.
      // Digits one by one are a number to call from "07" (a mobile's ten) or in a sentence of
      // calling: "ring mig 0 7 0 4 …", "nummer: 0-9-0-1-2-3-4-5".
      if (
        pattern === SPACED_PHONE &&
        (LISTED_NUMBERS.test(text.slice(Math.max(0, match.index - 40), match.index)) ||
          readAsCivicNumber(match) ||
          !(
            /^07\d{8}$/.test(match[0].replace(/\D/g, '')) ||
            PHONE_CUE.test(sentenceAround(text, match.index, match.index + match[0].length))
          ))
      ) {
        continue;
      }
      // A number abroad has eight digits or more with its country code: not "+3 poäng 12 14".
      const digits = match[0].replace(/\D/g, '').length;
      if (pattern === FOREIGN_PHONE && (digits < 9 || digits > 15)) continue;
      // "noll sjuttio, ett två tre, fyrtiofem, sextiosju": a mobile's ten digits read out need no word.
      if (
        pattern === PHONE_IN_WORDS_AFTER_WORD &&
        !afterPhoneWord(match) &&
        !/^07\d{8}$/.test(digitsOfWords(match[0]) ?? '')
      ) {
        continue;
      }
      // "212-555-0199" without its brackets only in a sentence of calling.
      if (
        pattern === NORTH_AMERICAN_PHONE &&
        !match[0].includes('(') &&
        !PHONE_CUE.test(sentenceAround(text, match.index, match.index + match[0].length))
      ) {
        continue;
      }
      // A code is no number to call: "Kahoot-koden var 0843 1120", "pinkod 0612 3344".
      if (
        (pattern === PHONE || pattern === DOTTED_PHONE) &&
        CODE_WORD.test(text.slice(Math.max(0, match.index - 25), match.index))
      ) {
        continue;
      }
      hits.push({ category: 'address_or_phone', start: match.index, end });
    }
  }
  // "15 06 12 34 58", "elias.150612.3458@elev.lund.se": digits taken for a civic number are not
  // also a phone number or an address in their own right.
  return hits.filter(
    (hit) =>
      hit.category !== 'address_or_phone' || !civic.some((civicHit) => overlaps(civicHit, hit)),
  );
}
