import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

const found = (text: string): string[] => [
  ...new Set(lexiconHits(tokenize(text)).map((hit) => hit.category)),
];

describe('union_membership terms', () => {
  it.each([
    // A union named by its trade, in lower case and in the genitive.
    'Pappa tog med mig till elektrikerförbundets möte.',
    'Mamma är med i målareförbundet.',
    // Seko and Byggnads in lower case with a relative.
    'jag följde med mamma till seko i förrgår',
    'pappa jobbar på byggnads kontor ibland',
    // A union in lower case beside membership.
    'pappa e med i if metall',
    'mamma är medlem i akavia',
  ])('finds %s', (text) => {
    expect(found(text)).toContain('union_membership');
  });

  it.each([
    // A building's, in the genitive.
    'Mamma visade oss en gammal byggnads trappa.',
    // Labour law and a union's official as schoolwork.
    'Klassen fick lära sig om kollektivavtal.',
    'Han intervjuade en ombudsman från ett fackförbund i samhällskunskapen.',
    // The lunch that went on strike.
    'skolmaten strejkade igen',
  ])('leaves %s alone', (text) => {
    expect(found(text)).not.toContain('union_membership');
  });
});
