import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

const found = (text: string): string[] => [
  ...new Set(lexiconHits(tokenize(text)).map((hit) => hit.category)),
];

describe('biometric_genetic terms', () => {
  it.each([
    // A syndrome one is born with.
    'Hon föddes med ett sällsynt syndrom.',
    // A carrier test in a compound.
    'Mamma har gjort ett anlagsbärartest.',
    // Scan spelt with one n.
    'Banken kräver ansiktsscan när jag loggar in.',
  ])('finds %s', (text) => {
    expect(found(text)).toContain('biometric_genetic');
  });

  it.each([
    // Thumbprints in paint, a fact learnt, a lecture, a burglary, none collected.
    'Vi gjorde tavlor med tumavtryck i vattenfärg.',
    'Jag lärde mig att enäggstvillingar har olika fingeravtryck.',
    'Föreläsningen om kromosomer var intressant.',
    'Polisen tog fingeravtryck efter inbrottet i skolan.',
    'Skolan har ingen biometrisk inloggning.',
  ])('leaves %s alone', (text) => {
    expect(found(text)).not.toContain('biometric_genetic');
  });
});
