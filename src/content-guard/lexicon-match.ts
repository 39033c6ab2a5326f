import type { Category } from './categories';
import { FAMILY_WORDS, LEXICON, LexiconEntry } from './lexicon';
import { compilePattern, matchesAt, matchesWord, Token, WordPattern } from './word-forms';

interface CompiledTerm {
  readonly entry: CompiledEntry;
  /** The words of the term, the first one indexed. */
  readonly words: readonly WordPattern[];
}

interface CompiledEntry {
  readonly categories: readonly Category[];
  readonly except: ReadonlySet<string>;
  readonly unlessNear: readonly (readonly WordPattern[])[];
  readonly onlyNear: readonly (readonly WordPattern[])[];
  /** A sentence about the family is never excused by the curriculum (not for figures in a story). */
  readonly familyOverrides: boolean;
}

/** A lexicon hit: tokens [first, last] hold the term. */
export interface LexiconHit {
  readonly category: Category;
  readonly first: number;
  readonly last: number;
}

function compileNear(cues: readonly string[] | undefined): WordPattern[][] {
  return (cues ?? []).map((cue) => cue.split(' ').map(compilePattern));
}

/** jobbig → jobbigt, slö → slött: the forms that describe a thing, not a person. */
function neuterForms(terms: readonly string[]): string[] {
  return terms
    .filter((term) => /^[\p{L}]+$/u.test(term))
    .flatMap((term) =>
      /[aeiouyåäö]$/.test(term)
        ? [`${term}tt`]
        : term.endsWith('d')
          ? [`${term.slice(0, -1)}t`]
          : [`${term}t`],
    );
}

function compile(lexicon: readonly LexiconEntry[]): {
  byKey: Map<string, CompiledTerm[]>;
  longestKey: number;
} {
  const byKey = new Map<string, CompiledTerm[]>();
  let longestKey = 0;
  for (const source of lexicon) {
    const entry: CompiledEntry = {
      categories: [source.category, ...(source.also ?? [])],
      except: new Set(
        [...(source.except ?? []), ...(source.personOnly ? neuterForms(source.terms) : [])].map(
          (word) => word.toLocaleLowerCase('sv'),
        ),
      ),
      unlessNear: compileNear(source.unlessNear),
      onlyNear: compileNear(source.onlyNear),
      familyOverrides:
        !source.unlessNearInFamily &&
        source.category !== 'character_judgement' &&
        source.category !== 'social_family',
    };
    const neuterPhrases = source.personOnly
      ? neuterForms(source.terms).map((neuter) => `${neuter} barn`)
      : [];
    for (const term of [...source.terms, ...neuterPhrases]) {
      const words = term.split(' ').map(compilePattern);
      const key = words[0].key;
      longestKey = Math.max(longestKey, key.length);
      byKey.set(key, [...(byKey.get(key) ?? []), { entry, words }]);
    }
  }
  return { byKey, longestKey };
}

const { byKey: TERMS, longestKey: LONGEST_KEY } = compile(LEXICON);
const FAMILY = compileNear(FAMILY_WORDS);

/** The terms whose first word matches this word, cached by the word as written. */
const firstWordHits = new Map<string, readonly CompiledTerm[]>();

function termsStartingAt(token: Token): readonly CompiledTerm[] {
  const cached = firstWordHits.get(token.written);
  if (cached) {
    return cached;
  }
  const { word, written } = token;
  const found = new Set<CompiledTerm>();
  for (let at = 0; at < word.length; at += 1) {
    const longest = Math.min(word.length, at + LONGEST_KEY);
    for (let end = at + 1; end <= longest; end += 1) {
      const terms = TERMS.get(word.slice(at, end));
      if (!terms) continue;
      for (const term of terms) {
        if (
          !found.has(term) &&
          (term.words.length > 1 || !term.entry.except.has(word)) &&
          matchesAt(term.words[0], word, written, at)
        ) {
          found.add(term);
        }
      }
    }
  }
  const result = [...found];
  if (firstWordHits.size > 50_000) firstWordHits.clear();
  firstWordHits.set(written, result);
  return result;
}

/** Does the sentence of token `index` hold one of the cues (a word or words in a row)? */
function sentenceHas(
  tokens: readonly Token[],
  index: number,
  cues: readonly (readonly WordPattern[])[],
): boolean {
  const sentence = tokens[index].sentence;
  let first = index;
  while (first > 0 && tokens[first - 1].sentence === sentence) first -= 1;
  for (let i = first; i < tokens.length && tokens[i].sentence === sentence; i += 1) {
    for (const cue of cues) {
      if (matchesRun(tokens, i, cue)) return true;
    }
  }
  return false;
}

function matchesRun(tokens: readonly Token[], at: number, words: readonly WordPattern[]): boolean {
  for (let offset = 0; offset < words.length; offset += 1) {
    const token = tokens[at + offset];
    if (
      !token ||
      token.sentence !== tokens[at].sentence ||
      !matchesWord(words[offset], token.word, token.written)
    ) {
      return false;
    }
  }
  return true;
}

/** Every term of the lexicon in the text, as runs of tokens, with its category. */
export function lexiconHits(tokens: readonly Token[]): LexiconHit[] {
  const hits: LexiconHit[] = [];
  tokens.forEach((token, index) => {
    for (const term of termsStartingAt(token)) {
      const last = index + term.words.length - 1;
      if (last >= tokens.length) continue;
      if (term.words.length > 1 && !matchesRun(tokens, index, term.words)) continue;
      const { entry } = term;
      if (
        entry.unlessNear.length > 0 &&
        sentenceHas(tokens, index, entry.unlessNear) &&
        !(entry.familyOverrides && sentenceHas(tokens, index, FAMILY))
      ) {
        continue;
      }
      if (entry.onlyNear.length > 0 && !sentenceHas(tokens, index, entry.onlyNear)) continue;
      for (const category of entry.categories) {
        hits.push({ category, first: index, last });
      }
    }
  });
  return hits;
}
