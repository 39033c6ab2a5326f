import { createHash } from 'node:crypto';

import { CATEGORY_NAMES, Category, GuardContext } from './categories';
import { checkText } from './check-text';

/** One labelled sentence of a corpus: the categories a guard must find in it (none: clean text). */
export interface LabelledSentence {
  readonly text: string;
  readonly categories: readonly Category[];
}

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface CorpusMetrics {
  readonly sentences: number;
  readonly perCategory: ReadonlyMap<Category, Counts>;
  readonly overall: Counts;
  /** Clean sentences (no category) and how many of them had no finding at all. */
  readonly clean: { readonly sentences: number; readonly withoutFinding: number };
}

export const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);
export const precisionOf = (c: Counts): number =>
  ratio(c.truePositives, c.truePositives + c.falsePositives);
export const recallOf = (c: Counts): number =>
  ratio(c.truePositives, c.truePositives + c.falseNegatives);

/**
 * The half a sentence belongs to, fixed by its text (the first byte of its
 * SHA-256), so adding sentences never moves the others between halves.
 */
export function isHeldOut(text: string): boolean {
  return createHash('sha256').update(text, 'utf8').digest()[0] % 2 === 1;
}

/** Sentence-level counts: a category found in a sentence that has it is a true positive, and so on. */
export function measure(
  corpus: readonly LabelledSentence[],
  context: GuardContext = {},
): CorpusMetrics {
  const perCategory = new Map<Category, Counts>(
    CATEGORY_NAMES.map((category) => [
      category,
      { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
    ]),
  );
  const overall: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  const clean = { sentences: 0, withoutFinding: 0 };
  for (const sentence of corpus) {
    const found = new Set(checkText(sentence.text, context).map((finding) => finding.category));
    const expected = new Set(sentence.categories);
    if (expected.size === 0) {
      clean.sentences += 1;
      if (found.size === 0) clean.withoutFinding += 1;
    }
    for (const category of CATEGORY_NAMES) {
      const field: keyof Counts | null =
        found.has(category) && expected.has(category)
          ? 'truePositives'
          : found.has(category)
            ? 'falsePositives'
            : expected.has(category)
              ? 'falseNegatives'
              : null;
      if (field) {
        perCategory.get(category)![field] += 1;
        overall[field] += 1;
      }
    }
  }
  return { sentences: corpus.length, perCategory, overall, clean };
}

/** Several corpora's metrics as one (each measured with its own plan context). */
export function combineMetrics(all: readonly CorpusMetrics[]): CorpusMetrics {
  const add = (counts: readonly Counts[]): Counts => ({
    truePositives: counts.reduce((sum, c) => sum + c.truePositives, 0),
    falsePositives: counts.reduce((sum, c) => sum + c.falsePositives, 0),
    falseNegatives: counts.reduce((sum, c) => sum + c.falseNegatives, 0),
  });
  return {
    sentences: all.reduce((sum, m) => sum + m.sentences, 0),
    perCategory: new Map(
      CATEGORY_NAMES.map((category) => [
        category,
        add(all.map((m) => m.perCategory.get(category)!)),
      ]),
    ),
    overall: add(all.map((m) => m.overall)),
    clean: {
      sentences: all.reduce((sum, m) => sum + m.clean.sentences, 0),
      withoutFinding: all.reduce((sum, m) => sum + m.clean.withoutFinding, 0),
    },
  };
}

/** The metrics as a Markdown table, for the test report. */
export function metricsTable(metrics: CorpusMetrics): string[] {
  const row = (name: string, c: Counts): string =>
    `| ${name} | ${c.truePositives + c.falseNegatives} | ${c.truePositives} | ${c.falsePositives} | ${c.falseNegatives} | ${precisionOf(c).toFixed(3)} | ${recallOf(c).toFixed(3)} |`;
  return [
    '| category | labelled | true positives | false positives | false negatives | precision | recall |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...CATEGORY_NAMES.map((category) => row(category, metrics.perCategory.get(category)!)),
    row('overall', metrics.overall),
    '',
    `Clean sentences: ${metrics.clean.sentences}, of which ${metrics.clean.withoutFinding} without any finding (${ratio(metrics.clean.withoutFinding, metrics.clean.sentences).toFixed(3)}).`,
  ];
}
