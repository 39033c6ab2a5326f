import { CATEGORIES, Category, Finding, GuardContext } from './categories';
import { classmateHits } from './classmates';
import { identifierHits } from './identifiers';
import { lexiconHits } from './lexicon-match';
import { Token, tokenize } from './word-forms';

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
  const all: Finding[] = [
    ...identifierHits(text).map((hit) => finding(hit.category, text, hit.start, hit.end)),
    ...lexiconHits(tokens).map((hit) =>
      finding(hit.category, text, tokens[hit.first].start, tokens[hit.last].end),
    ),
    ...classmateHits(text, tokens, context).map((hit) =>
      finding('classmate_name', text, hit.start, hit.end),
    ),
  ];
  return keepStrongest(withoutInsultsTakenLiterally(all, tokens));
}

/**
 * An insult states nothing about whom it names: "kallade honom bög" is no
 * orientation, "alla muslimer är …" no one's faith. In a sentence with an
 * offensive word, a group named in the plural is not a finding of its own
 * category, and after "kalla(de) … för" neither is a status word.
 */
function withoutInsultsTakenLiterally(all: Finding[], tokens: readonly Token[]): Finding[] {
  const sentenceOf = (offset: number): number =>
    tokens.find((token) => token.start <= offset && offset < token.end)?.sentence ?? -1;
  const insulting = new Set(
    all.filter((f) => f.category === 'offensive').map((f) => sentenceOf(f.start)),
  );
  if (insulting.size === 0) {
    return all;
  }
  const calling = new Set(
    tokens.filter((token) => /^kalla(?:r|de|t|d|s)?$/.test(token.word)).map((t) => t.sentence),
  );
  const isGroup = (finding: Finding): boolean =>
    (finding.category === 'ethnic_origin' || finding.category === 'religion') &&
    /(?:er|ar|are|na)$/.test(finding.match.toLocaleLowerCase('sv'));
  // "Somalier är dumma": a judgement of a group, an insult rather than a judgement of the pupil.
  const aboutGroups = new Set(
    all
      .filter((f) => isGroup(f) && insulting.has(sentenceOf(f.start)))
      .map((f) => sentenceOf(f.start)),
  );
  return all.filter((finding) => {
    const sentence = sentenceOf(finding.start);
    if (!insulting.has(sentence)) return true;
    if (calling.has(sentence) && STATUS_TAKEN_AS_INSULT.has(finding.category)) return false;
    if (finding.category === 'character_judgement' && aboutGroups.has(sentence)) return false;
    return !isGroup(finding);
  });
}

const STATUS_TAKEN_AS_INSULT = new Set<Category>([
  'sexual_life',
  'health',
  'ethnic_origin',
  'criminal_offence',
]);

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
