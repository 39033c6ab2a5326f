import { stemmer } from '@orama/stemmers/swedish';

/**
 * Swedish word forms for the guard: a word of the lexicon also finds its
 * inflections (through the Snowball Swedish stemmer and a few endings the
 * stemmer leaves alone on short words) and, where the lexicon says so, the
 * compounds it heads or ends ("diabetesdiagnos", "ADHD-utredningen").
 *
 * A pattern is written as a word with stars:
 * - `bråkig`: the word and its inflections (bråkiga, bråkigt), never a longer word;
 * - `utred*`: any word that starts with it (utreds, utredningen, utredd);
 * - `*diagnos`: also as the last part of a compound (diabetesdiagnos, adhd-diagnosen);
 * - `*medicin*`: anywhere in a word, as head, middle or last part;
 * - `BUP`: in capitals, matched only as written in capitals (so "add" and "lo" are left alone);
 * - `=Kommunal`: a name, matched only as written ("kommunal skola" is left alone).
 * After a hyphen every word part is a word of its own, so `utredning` finds "ADHD-utredningen".
 */
export interface WordPattern {
  readonly key: string;
  readonly asCompoundTail: boolean;
  readonly asPrefix: boolean;
  /** The form to match exactly as written: an abbreviation in capitals, or a name (`=Kommunal`). */
  readonly capitals: string | null;
  readonly keyStem: string;
}

/** Endings the stemmer does not take off short words (slö → slöa, lat → lata, ek → eken). */
const INFLECTIONS = new Set([
  'a',
  'e',
  't',
  'n',
  's',
  'en',
  'et',
  'er',
  'na',
  'ar',
  'or',
  'as',
  'es',
  'ns',
  'ts',
  'ens',
  'ets',
  'ers',
  'ade',
  'at',
  'ad',
  'are',
  'ast',
  'aste',
  'arna',
  'erna',
  'orna',
  'ande',
  'ende',
  'ades',
  'ats',
  'ar',
]);

/** Shortest head a closed compound may have before a pattern that ends it ("adhd" + "diagnos"). */
const MIN_COMPOUND_HEAD = 2;

const stems = new Map<string, string>();

/** The Snowball stem of a lower-case word, cached (a plan repeats its words). */
export function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = stemmer(word);
    if (stems.size > 50_000) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

export function compilePattern(written: string): WordPattern {
  const isName = written.startsWith('=');
  const starred = isName ? written.slice(1) : written;
  const asCompoundTail = starred.startsWith('*');
  const asPrefix = starred.endsWith('*');
  const bare = starred.replace(/^\*|\*$/g, '');
  const isCapitals =
    isName || (bare.length >= 2 && bare === bare.toLocaleUpperCase('sv') && /\p{Lu}/u.test(bare));
  const key = bare.toLocaleLowerCase('sv');
  return {
    key,
    asCompoundTail,
    asPrefix,
    capitals: isCapitals ? bare : null,
    keyStem: stemOf(key),
  };
}

/** Does the word (lower case, and as written) hold the pattern at `at`, as a word, a word part or an inflection of it? */
export function matchesAt(
  pattern: WordPattern,
  word: string,
  written: string,
  at: number,
): boolean {
  const { key } = pattern;
  if (!word.startsWith(key, at)) {
    return false;
  }
  const before = at === 0 ? '' : word[at - 1];
  const afterHyphen = before === '-' || before === ':' || before === '/';
  if (at > 0 && !afterHyphen && !(pattern.asCompoundTail && at >= MIN_COMPOUND_HEAD)) {
    return false;
  }
  const end = at + key.length;
  const rest = word.slice(end);
  if (pattern.capitals !== null) {
    if (written.slice(at, end) !== pattern.capitals) return false;
    // ADHD, ADHD:n, ADHD-diagnos, BUP:s, Kommunals; not the first letters of a longer word in capitals.
    return (
      rest === '' ||
      rest === 's' ||
      /^[-:/]/.test(rest) ||
      (pattern.asPrefix && /^\p{Ll}/u.test(written.slice(end)))
    );
  }
  if (pattern.asPrefix || rest === '' || /^[-:/]/.test(rest)) {
    return true;
  }
  // A one-letter key (the pupils' copula "e") is that word only: "en", "et" and "er" are other words.
  if (key.length < 2) {
    return false;
  }
  if (INFLECTIONS.has(rest)) {
    return true;
  }
  // A longer word whose stem is the key's (diagnosen → diagnos; medicinerar → mediciner).
  const tail = /[-:/]/.test(rest) ? word.slice(at, end + rest.search(/[-:/]/)) : word.slice(at);
  return stemOf(tail) === pattern.keyStem;
}

/** Every place the pattern may start in the word: the word's start, after a hyphen, or anywhere for compound tails. */
export function matchesWord(pattern: WordPattern, word: string, written: string): boolean {
  let at = word.indexOf(pattern.key);
  while (at !== -1) {
    if (matchesAt(pattern, word, written, at)) {
      return true;
    }
    at = word.indexOf(pattern.key, at + 1);
  }
  return false;
}

export interface Token {
  /** Lower case. */
  readonly word: string;
  /** As written. */
  readonly written: string;
  readonly start: number;
  readonly end: number;
  /** The sentence it belongs to (split at . ! ? ; and line breaks). */
  readonly sentence: number;
  /**
   * Part of a writer's tag at the start of a line: the one to three words before a colon
   * ("Pappa:", "Mamma skriver:", "Vi vårdnadshavare:"). It says who writes, not what about.
   */
  readonly speaker?: true;
}

const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}:\-/'’]*[\p{L}\p{N}])?/gu;
const SENTENCE_BREAK = /[.!?;\n]/;

/** Words with their offsets; a word may hold letters, digits, hyphens, colons and slashes (ADHD-diagnos, adhd:n). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let previousEnd = 0;
  /** Where the current line's words begin in `tokens`. */
  let lineStart = 0;
  for (const match of text.matchAll(WORD)) {
    const gap = text.slice(previousEnd, match.index);
    if (SENTENCE_BREAK.test(gap)) {
      sentence += 1;
    }
    if (gap.includes('\n')) lineStart = tokens.length;
    const written = match[0];
    const end = match.index + written.length;
    tokens.push({
      word: written.toLocaleLowerCase('sv'),
      written,
      start: match.index,
      end,
      sentence,
    });
    // "Pappa:" or "Mamma skriver:" opening a line: those words are the writer's tag.
    const words = tokens.length - lineStart;
    if (text[end] === ':' && words <= SPEAKER_TAG_WORDS && !/\d/.test(written)) {
      for (let i = lineStart; i < tokens.length; i += 1)
        tokens[i] = { ...tokens[i], speaker: true };
    }
    previousEnd = end;
  }
  return tokens;
}

/** The most words a writer's tag before its colon has ("Vi vårdnadshavare skriver:"). */
const SPEAKER_TAG_WORDS = 3;
