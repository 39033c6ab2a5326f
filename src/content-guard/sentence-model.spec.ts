import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { checkText } from './check-text';
import { lexiconHits } from './lexicon-match';
import { MODEL_CATEGORIES, modelHits } from './sentence-model';
import { BIAS, TRAINED_ON } from './sentence-model.data';
import { tokenize } from './word-forms';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'content-guard');

describe('the sentence model', () => {
  it('was trained on the tuning corpora only, never on a held-out one', () => {
    expect(TRAINED_ON.length).toBeGreaterThan(5);
    expect(BIAS).toHaveLength(MODEL_CATEGORIES.length);
    for (const name of TRAINED_ON) {
      if (name === 'corpus-independent (tuning half)') continue;
      expect({ name, exists: existsSync(join(FIXTURES, `${name}.sv.jsonl`)) }).toEqual({
        name,
        exists: true,
      });
    }
    for (const heldOut of ['corpus-heldout-y', 'corpus-heldout-z', 'corpus-heldout-aa']) {
      expect(TRAINED_ON).not.toContain(heldOut);
    }
    expect(TRAINED_ON).not.toContain('corpus-independent');
  });

  it('finds what the word lists have no word for: the sentence, as a warning', () => {
    const text = 'Pappa har inte fått träffa barnen sedan i våras enligt beslutet.';
    expect(lexiconHits(tokenize(text))).toEqual([]);
    const family = checkText(text).find((finding) => finding.category === 'social_family');
    expect(family).toMatchObject({
      severity: 'warn',
      start: 0,
      match: 'Pappa har inte fått träffa barnen sedan i våras enligt beslutet',
    });
  });

  it('does not find a reported insult a second time', () => {
    const offensive = checkText('Jag blev kallad svennehora på bussen i går.').filter(
      (finding) => finding.category === 'offensive',
    );
    expect(offensive).toHaveLength(1);
    expect(offensive[0].severity).toBe('block');
  });

  it('adds no second finding of a category the word lists found in the sentence', () => {
    const text = 'Hon har diabetes och tar insulin före lunchen.';
    const listed = lexiconHits(tokenize(text)).filter((hit) => hit.category === 'health');
    expect(listed.length).toBeGreaterThan(0);
    const health = checkText(text).filter((finding) => finding.category === 'health');
    expect(health.length).toBeLessThanOrEqual(listed.length);
  });

  it('gives each sentence of a text its own reading', () => {
    const tokens = tokenize(
      'Eleven läser med flyt. Pappa har inte fått träffa barnen sedan i våras enligt beslutet.',
    );
    for (const hit of modelHits(tokens)) {
      expect(tokens[hit.first].sentence).toBe(1);
      expect(tokens[hit.last].sentence).toBe(1);
    }
  });
});
