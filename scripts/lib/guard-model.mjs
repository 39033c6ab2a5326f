// The guard's sentence model's training, shared by scripts/guard-train.mjs (which writes the
// model) and scripts/guard-cv.mjs (which compares feature sets by cross-validation): the tuning
// corpora, and one logistic regression per category trained by seeded stochastic gradient
// descent, so that the same corpora give the same model.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { isHeldOut } = require('../../dist/content-guard/corpus-metrics.js');
const { MODEL_CATEGORIES } = require('../../dist/content-guard/sentence-model.js');

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'content-guard');

/** The corpora the guard was tuned on (the changelog's rounds); the independent one by its tuning half. */
export const TRAINED_ON = [
  'corpus',
  'corpus-independent (tuning half)',
  'corpus-tuning-a',
  'corpus-tuning-b',
  'corpus-heldout-c',
  'corpus-heldout-d',
  'corpus-tuning-e',
  'corpus-tuning-f',
  'corpus-heldout-g',
  'corpus-heldout-h',
  'corpus-tuning-i',
  'corpus-heldout-j',
  'corpus-heldout-k',
  'corpus-heldout-l',
  'corpus-heldout-m',
  'corpus-heldout-n',
  'corpus-heldout-o',
  'corpus-heldout-p',
  'corpus-heldout-q',
  'corpus-heldout-r',
  'corpus-heldout-s',
  'corpus-heldout-t',
  'corpus-heldout-u',
  'corpus-heldout-v',
  'corpus-heldout-w',
  'corpus-heldout-x',
];
const EPOCHS = 12;
const RATE = 0.3;
const L2 = 1e-4;

const read = (name) =>
  readFileSync(join(FIXTURES, `${name}.sv.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));

/** One tuning corpus's labelled sentences (`{ text, categories }`). */
export const tuningCorpus = (name) =>
  name === 'corpus-independent (tuning half)'
    ? read('corpus-independent').filter((s) => !isHeldOut(s.text))
    : read(name);

// mulberry32: a small seeded generator, so that training is repeatable.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Trains the model on `sentences` with `featuresOf(text)`: per category of MODEL_CATEGORIES, a
 * map feature → weight and a bias.
 */
export function train(sentences, featuresOf) {
  const next = random(19);
  const features = sentences.map((s) => featuresOf(s.text));
  const weights = MODEL_CATEGORIES.map(() => new Map());
  const bias = MODEL_CATEGORIES.map(() => -2);
  for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
    const order = sentences.map((_, index) => index);
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const rate = RATE / Math.sqrt(1 + epoch);
    for (const index of order) {
      const x = features[index];
      MODEL_CATEGORIES.forEach((category, k) => {
        const w = weights[k];
        let z = bias[k];
        for (const f of x) z += w.get(f) ?? 0;
        const p = 1 / (1 + Math.exp(-z));
        const gradient = (p - (sentences[index].categories.includes(category) ? 1 : 0)) * rate;
        bias[k] -= gradient;
        for (const f of x) {
          const value = w.get(f) ?? 0;
          w.set(f, value - gradient - L2 * value);
        }
      });
    }
  }
  return { weights, bias };
}

/** The categories the trained model gives a text at `threshold`. */
export function predict(model, featuresOf, text, threshold) {
  const x = featuresOf(text);
  return MODEL_CATEGORIES.filter((_, k) => {
    let z = model.bias[k];
    for (const f of x) z += model.weights[k].get(f) ?? 0;
    return 1 / (1 + Math.exp(-z)) >= threshold;
  });
}
