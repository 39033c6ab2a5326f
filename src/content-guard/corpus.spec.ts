import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CATEGORIES, Category } from './categories';
import { checkText } from './check-text';

interface LabelledSentence {
  readonly text: string;
  readonly categories: readonly Category[];
}

const CORPUS = join(__dirname, '..', '..', 'test', 'fixtures', 'content-guard', 'corpus.sv.jsonl');
const REPORT = join(__dirname, '..', '..', 'test', 'artifacts', 'content-guard-metrics.md');

const corpus: LabelledSentence[] = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledSentence);

interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

function measure(): Map<Category | 'overall', Counts> {
  const counts = new Map<Category | 'overall', Counts>();
  const bump = (key: Category | 'overall', field: keyof Counts): void => {
    const entry = counts.get(key) ?? { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
    entry[field] += 1;
    counts.set(key, entry);
  };
  for (const sentence of corpus) {
    const found = new Set(checkText(sentence.text).map((finding) => finding.category));
    const expected = new Set(sentence.categories);
    for (const category of Object.keys(CATEGORIES) as Category[]) {
      if (found.has(category) && expected.has(category)) {
        bump(category, 'truePositives');
        bump('overall', 'truePositives');
      } else if (found.has(category)) {
        bump(category, 'falsePositives');
        bump('overall', 'falsePositives');
      } else if (expected.has(category)) {
        bump(category, 'falseNegatives');
        bump('overall', 'falseNegatives');
      }
    }
  }
  return counts;
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);

describe('the content guard on the labelled Swedish corpus', () => {
  const counts = measure();
  const precision = (c: Counts): number =>
    ratio(c.truePositives, c.truePositives + c.falsePositives);
  const recall = (c: Counts): number => ratio(c.truePositives, c.truePositives + c.falseNegatives);

  beforeAll(() => {
    const rows = [...counts.entries()].map(
      ([category, c]) =>
        `| ${category} | ${c.truePositives} | ${c.falsePositives} | ${c.falseNegatives} | ${precision(c).toFixed(2)} | ${recall(c).toFixed(2)} |`,
    );
    mkdirSync(join(REPORT, '..'), { recursive: true });
    writeFileSync(
      REPORT,
      [
        `# Content guard on ${corpus.length} labelled sentences`,
        '',
        '| category | true positives | false positives | false negatives | precision | recall |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  });

  it('has at least 300 sentences covering every category', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    for (const category of Object.keys(CATEGORIES)) {
      expect(
        corpus.filter((sentence) => sentence.categories.includes(category as Category)).length,
      ).toBeGreaterThan(3);
    }
  });

  it.each(
    (Object.keys(CATEGORIES) as Category[]).filter(
      (category) => CATEGORIES[category].severity === 'block',
    ),
  )('finds %s with recall of at least 0.95', (category) => {
    expect(recall(counts.get(category)!)).toBeGreaterThanOrEqual(0.95);
  });

  it('has an overall precision of at least 0.9', () => {
    expect(precision(counts.get('overall')!)).toBeGreaterThanOrEqual(0.9);
  });
});
