import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

const found = (text: string): string[] => [
  ...new Set(lexiconHits(tokenize(text)).map((hit) => hit.category)),
];

describe('political_opinion terms', () => {
  it.each([
    // A leader or a party judged, in a pupil's words.
    'ja tycker kristersson e bra asså pappa också',
    'sossarna e bra tycker jag',
    // A march for a cause.
    'mira o hennes mamma va på kvinnomarschen den 8 mars',
    'Mamma tar med henne på 8 mars-tåget.',
    // Stances in the past tense.
    'Elin försvarade Sverigedemokraterna i diskussionen.',
    'pappa hyllade sossarna hela kvällen',
    // Political activity a person was persecuted for.
    'Pappan fängslades för sin politiska verksamhet i Irak.',
    // Membership of a named party, beside a lesson word.
    'Pappa: Jag är medlem i Socialdemokraterna sedan 1998, jag vill att hon lär sig om demokrati.',
  ])('finds %s', (text) => {
    expect(found(text)).toContain('political_opinion');
  });

  it.each([
    // A strike read about.
    'Vi läste om Greta Thunberg och skolstrejken för klimatet.',
    // A faith's or a life stance's youth league.
    'Eleven är medlem i Svenska Alliansmissionens ungdomsförbund och åker på läger.',
    'Ebba är engagerad i Humanisternas ungdomsförbund.',
    // A label thrown at someone, reported.
    'Linnea har fått höra att hon är en rasist av en klasskamrat.',
    // A protest about the school's own matters.
    'vi demonstrerade mot att skolan tog bort fotbollsplanen lol alla stod utanför rektorn',
    // The verb "nämna".
    'Under samtalet nämnde Ebba att hennes mamma sitter i styrelsen.',
    // Flowers handed to the King.
    'Kungen besökte Danderyd och Ebba fick lämna över blommor.',
    // A surname that is also a leader's.
    'Andersson e bra på att förklara matte.',
    // Membership in a role play.
    'I rollspelet var jag medlem i Moderaterna.',
  ])('leaves %s alone', (text) => {
    expect(found(text)).not.toContain('political_opinion');
  });
});
