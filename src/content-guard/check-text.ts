import { CATEGORIES, Category, Finding, GuardContext } from './categories';
import { classmateHits } from './classmates';
import { identifierHits } from './identifiers';
import { lexiconHits } from './lexicon-match';
import {
  reportedInsults,
  shouted,
  swearingAtNoOne,
  withoutInsultsTakenLiterally,
  withoutJudgementsReported,
} from './reported-insults';
import { modelHits } from './sentence-model';
import { tokenize } from './word-forms';

export const MAX_TEXT_LENGTH = 100_000;

function finding(category: Category, text: string, start: number, end: number): Finding {
  return {
    category,
    severity: CATEGORIES[category].severity,
    start,
    end,
    match: text.slice(start, end),
  };
}

/**
 * What in a free text must not (block) or should not (warn) be there, with
 * exact UTF-16 spans. With a context (the pupil and their classmates), other
 * pupils' names are found too. Never throws on odd input; refuses only text
 * longer than MAX_TEXT_LENGTH.
 */
export function checkText(text: string, context: GuardContext = {}): Finding[] {
  if (text.length > MAX_TEXT_LENGTH) {
    throw new RangeError(`Text longer than ${MAX_TEXT_LENGTH} characters`);
  }
  const tokens = tokenize(text);
  const callings = reportedInsults(tokens, context);
  const everyWord = lexiconHits(tokens);
  const words = everyWord.filter((hit) => !swearingAtNoOne(hit, tokens, context));
  const all: Finding[] = [
    ...identifierHits(text).map((hit) => finding(hit.category, text, hit.start, hit.end)),
    ...words.map((hit) =>
      finding(hit.category, text, tokens[hit.first].start, tokens[hit.last].end),
    ),
    ...classmateHits(text, tokens, context).map((hit) =>
      finding('classmate_name', text, hit.start, hit.end),
    ),
    ...callings.map((calling) =>
      finding('offensive', text, tokens[calling.first].start, tokens[calling.last].end),
    ),
  ];
  const kept = keepStrongest(
    withoutJudgementsReported(
      withoutInsultsTakenLiterally(all, tokens, callings, shouted(text, tokens)),
      text,
      tokens,
      callings,
      words,
    ),
  );
  // The sentence model adds what the word lists missed in a sentence, never a category the
  // lists (or a reported insult) already found there: the sentence, as a warning. Swearing
  // the lists judged aimed at no one is settled too.
  const listed = new Set([
    ...everyWord.map((hit) => `${tokens[hit.first].sentence}:${hit.category}`),
    ...callings.map((calling) => `${tokens[calling.first].sentence}:offensive`),
  ]);
  const modelled = modelHits(tokens)
    .filter((hit) => !listed.has(`${tokens[hit.first].sentence}:${hit.category}`))
    .map((hit) => ({
      ...finding(hit.category, text, tokens[hit.first].start, tokens[hit.last].end),
      severity: 'warn' as const,
    }));
  return [...kept, ...modelled].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * One finding per category and passage. Where passages of different
 * categories overlap, both stand, except that a block beats a warn of the
 * same span (a civic number is not also a phone number), and a longer
 * passage of the same category swallows the shorter ("har sex" and "sex").
 */
function keepStrongest(all: Finding[]): Finding[] {
  const sorted = all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  for (const candidate of sorted) {
    const overlapping = kept.filter(
      (other) => candidate.start < other.end && other.start < candidate.end,
    );
    if (overlapping.some((other) => other.category === candidate.category)) {
      continue;
    }
    const weaker = overlapping.filter(
      (other) => other.severity === 'warn' && candidate.severity === 'block',
    );
    if (candidate.severity === 'warn' && overlapping.some((other) => other.severity === 'block')) {
      continue;
    }
    for (const other of weaker) {
      kept.splice(kept.indexOf(other), 1);
    }
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Why the passage cannot stand in the plan, and what to write instead, in plain Swedish. */
export function explanationOf(category: Category): string {
  return `${CATEGORIES[category].explanation} ${CATEGORIES[category].advice}`;
}
