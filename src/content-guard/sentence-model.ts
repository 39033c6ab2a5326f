import type { Category } from './categories';
import { BIAS, WEIGHTS } from './sentence-model.data';
import { stemOf, tokenize, type Token } from './word-forms';

/**
 * The guard's sentence model, beside the word lists: one logistic regression per category of
 * sensitive content over a sentence's word stems and pairs of stems, trained on the tuning
 * corpora only (scripts/guard-train.mjs; the held-out corpora are never read). It finds what the
 * lists have no word for when the rest of the sentence says it ("hon tar sin tablett varje
 * morgon", "en viss brist på ödmjukhet i hennes sätt att vara"). Identifiers and classmates'
 * names are found by pattern only.
 */
export const MODEL_CATEGORIES: readonly Category[] = [
  'health',
  'ethnic_origin',
  'political_opinion',
  'religion',
  'union_membership',
  'biometric_genetic',
  'sexual_life',
  'criminal_offence',
  'social_family',
  'character_judgement',
  'offensive',
];

/**
 * A sentence is given a category when the model's probability reaches this. Chosen before the
 * held-out corpora were read, from cross-validation by corpus on the tuning corpora: 1.1 % of
 * their clean sentences get a finding from the model at 0.5.
 */
export const MODEL_THRESHOLD = 0.5;

/** feature → [category index, weight] pairs, read once from the generated data. */
const WEIGHT_TABLE: ReadonlyMap<string, readonly (readonly [number, number])[]> = new Map(
  WEIGHTS.split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [feature, pairs] = line.split('\t');
      return [
        feature,
        pairs.split(' ').map((pair) => {
          const [k, w] = pair.split(':');
          return [Number(k), Number(w)] as const;
        }),
      ];
    }),
);

const stemsOf = (tokens: readonly Token[]): string[] => tokens.map((token) => stemOf(token.word));

function featuresOf(stems: readonly string[]): string[] {
  const features = new Set(stems.map((stem) => `u:${stem}`));
  for (let i = 0; i + 1 < stems.length; i += 1) features.add(`b:${stems[i]}_${stems[i + 1]}`);
  return [...features];
}

/** A text's features as the model is trained on them (the training script's entry). */
export function sentenceFeatures(text: string): string[] {
  return featuresOf(stemsOf(tokenize(text)));
}

export interface ModelHit {
  readonly category: Category;
  /** The words that weigh most toward it: the passage shown (token indices, inclusive). */
  readonly first: number;
  readonly last: number;
}

/** The categories the model gives each sentence of the tokens, each with the words that weigh most. */
export function modelHits(tokens: readonly Token[]): ModelHit[] {
  if (WEIGHT_TABLE.size === 0) return [];
  const hits: ModelHit[] = [];
  let from = 0;
  while (from < tokens.length) {
    let to = from;
    while (to + 1 < tokens.length && tokens[to + 1].sentence === tokens[from].sentence) to += 1;
    hits.push(...sentenceHits(tokens, from, to));
    from = to + 1;
  }
  return hits;
}

function sentenceHits(tokens: readonly Token[], from: number, to: number): ModelHit[] {
  const stems = stemsOf(tokens.slice(from, to + 1));
  const sums = [...BIAS];
  for (const feature of featuresOf(stems)) {
    for (const [k, w] of WEIGHT_TABLE.get(feature) ?? []) sums[k] += w;
  }
  const hits: ModelHit[] = [];
  MODEL_CATEGORIES.forEach((category, k) => {
    if (1 / (1 + Math.exp(-sums[k])) < MODEL_THRESHOLD) return;
    // The word, or the pair of words, that weighs most toward the category; never a word like
    // "har" or "att" alone. Where no word of substance weighs toward it, the whole sentence.
    let best = { weight: 0, first: from, last: to };
    stems.forEach((stem, i) => {
      const word = tokens[from + i].word;
      const single = FUNCTION_WORDS.has(word) ? 0 : weightOf(`u:${stem}`, k);
      if (single > best.weight) best = { weight: single, first: from + i, last: from + i };
      if (i + 1 < stems.length) {
        const bothFunction =
          FUNCTION_WORDS.has(word) && FUNCTION_WORDS.has(tokens[from + i + 1].word);
        const pair = bothFunction ? 0 : weightOf(`b:${stem}_${stems[i + 1]}`, k);
        if (pair > best.weight) best = { weight: pair, first: from + i, last: from + i + 1 };
      }
    });
    hits.push({ category, first: best.first, last: best.last });
  });
  return hits;
}

/** Words that say nothing by themselves: never the passage a finding points at. */
const FUNCTION_WORDS = new Set(
  (
    'har hade haft är var varit blir blev bli och att en ett det den de dem dom som i på med för till av ' +
    'om inte hon han hen vi jag du ni man sin sitt sina hans hennes deras men så kan kunde ska skulle ' +
    'vill ville får fick fått när efter sedan mycket också eller där här vad vem hur nu då än ju nog ' +
    'under över mot ut in upp ner hos vid från utan alla allt lite mer mest eleven elevens'
  ).split(' '),
);

function weightOf(feature: string, k: number): number {
  return WEIGHT_TABLE.get(feature)?.find(([index]) => index === k)?.[1] ?? 0;
}
