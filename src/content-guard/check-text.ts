import Personnummer from 'personnummer';

import { CATEGORIES, Category, Finding } from './categories';
import { LEXICON } from './lexicon';

export const MAX_TEXT_LENGTH = 100_000;

interface Token {
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

/** Words with their offsets; a word may hold letters, digits, hyphens and colons (ADHD-diagnos, adhd:n). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}](?:[\p{L}\p{N}:-]*[\p{L}\p{N}])?/gu)) {
    tokens.push({
      word: match[0].toLocaleLowerCase('sv'),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return tokens;
}

interface CompiledEntry {
  readonly category: Category;
  readonly words: ReadonlySet<string>;
  readonly stems: readonly string[];
  readonly phrases: readonly (readonly string[])[];
  readonly except: ReadonlySet<string>;
}

const COMPILED: readonly CompiledEntry[] = LEXICON.map((entry) => {
  const words = new Set<string>();
  for (const word of entry.words ?? []) {
    for (const ending of entry.endings ?? ['']) {
      words.add(word + ending);
    }
    words.add(word);
  }
  const multiWordStems = (entry.stems ?? []).filter((stem) => stem.includes(' '));
  return {
    category: entry.category,
    words,
    stems: (entry.stems ?? []).filter((stem) => !stem.includes(' ')),
    phrases: [...(entry.phrases ?? []), ...multiWordStems].map((phrase) => phrase.split(' ')),
    except: new Set(entry.except ?? []),
  };
});

/** A stem starts the word, or starts one part of a hyphenated or closed compound's last part. */
function hasStem(word: string, stem: string): boolean {
  if (word.startsWith(stem)) {
    return true;
  }
  return (
    word.split('-').some((part) => part.startsWith(stem)) ||
    (stem.length >= 6 && word.includes(stem))
  );
}

function lexiconFindings(text: string, tokens: readonly Token[]): Finding[] {
  const findings: Finding[] = [];
  const add = (category: Category, start: number, end: number): void => {
    findings.push({
      category,
      severity: CATEGORIES[category].severity,
      start,
      end,
      match: text.slice(start, end),
    });
  };
  tokens.forEach((token, index) => {
    for (const entry of COMPILED) {
      if (
        entry.except.has(token.word) ||
        [...entry.except].some((except) => token.word.startsWith(except))
      ) {
        continue;
      }
      if (entry.words.has(token.word) || entry.stems.some((stem) => hasStem(token.word, stem))) {
        add(entry.category, token.start, token.end);
        continue;
      }
      for (const phrase of entry.phrases) {
        const words = tokens.slice(index, index + phrase.length);
        if (
          words.length === phrase.length &&
          phrase.every((part, offset) => words[offset].word.startsWith(part))
        ) {
          add(entry.category, token.start, words[words.length - 1].end);
        }
      }
    }
  });
  return findings;
}

const CIVIC_NUMBER = /(?<![\d-])(?:\d{2})?\d{6}[-+]?\d{4}(?![\d-])/g;
const PHONE =
  /(?<![\d])(?:\+46[ -]?|0)(?:7\d|[1-9]\d{0,2})[ -]?\d{2,3}[ -]?\d{2}[ -]?\d{2,3}(?![\d])/g;
const STREET =
  /\b[\p{Lu}][\p{L}]+(?:gatan|vägen|gränd|gränden|stigen|allén|torget|backen|leden|plan)\s+\d{1,4}(?:\s?[A-Z](?![\p{L}]))?/gu;
const POSTAL_CODE = /(?<![\d])\d{3} \d{2}(?![\d])\s+[\p{Lu}][\p{L}]+/gu;

function patternFindings(text: string): Finding[] {
  const findings: Finding[] = [];
  for (const match of text.matchAll(CIVIC_NUMBER)) {
    if (Personnummer.valid(match[0])) {
      findings.push(finding('civic_number', text, match.index, match[0].length));
    }
  }
  for (const pattern of [PHONE, STREET, POSTAL_CODE]) {
    for (const match of text.matchAll(pattern)) {
      findings.push(finding('address_or_phone', text, match.index, match[0].length));
    }
  }
  return findings;
}

function finding(category: Category, text: string, start: number, length: number): Finding {
  return {
    category,
    severity: CATEGORIES[category].severity,
    start,
    end: start + length,
    match: text.slice(start, start + length),
  };
}

/**
 * What in a free text must not (block) or should not (warn) be there, with
 * exact UTF-16 spans. Never throws on odd input; refuses only text longer
 * than MAX_TEXT_LENGTH.
 */
export function checkText(text: string): Finding[] {
  if (text.length > MAX_TEXT_LENGTH) {
    throw new RangeError(`Text longer than ${MAX_TEXT_LENGTH} characters`);
  }
  const all = [...lexiconFindings(text, tokenize(text)), ...patternFindings(text)];
  // A civic number is not also a phone number; the stronger finding of the same span wins.
  const sorted = all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  for (const candidate of sorted) {
    const overlapping = kept.find(
      (other) => candidate.start < other.end && other.start < candidate.end,
    );
    if (!overlapping) {
      kept.push(candidate);
    } else if (
      overlapping.category !== candidate.category &&
      overlapping.severity === 'warn' &&
      candidate.severity === 'block'
    ) {
      kept.splice(kept.indexOf(overlapping), 1, candidate);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function explanationOf(category: Category): string {
  return CATEGORIES[category].explanation;
}
