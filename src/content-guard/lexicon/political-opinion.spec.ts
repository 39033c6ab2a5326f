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
    // Round nine: letters to the paper against something.
    'Morbror skriver insändare mot vindkraften i lokaltidningen.',
    // Racists, and a denial.
    'jag är ingen rasist men jag gillar inte sd',
    // A Pride march with a party, a torch procession with a cause.
    'Vi gick i Pride-paraden med Ung Vänster.',
    'Mamma gick i ett fackeltåg mot rasismen.',
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
    // Round nine: a person called a racist is judged.
    'Han sa att vikarien var en jävla rasist.',
    // A role in a debate.
    'I debatten fick hon vara sverigedemokrat.',
    // A letter to the paper as an exercise.
    'Elle skrev en insändare mot läxor som övning i svenskan.',
    // A torch procession on Walpurgis night, a Pride march of two fathers.
    'Fackeltåget på valborg var fint.',
    'Hennes pappor går i Pride-tåget varje år.',
    // An attack by IS, a march of the past, a group leader in a task.
    'Familjen flydde efter IS-attacken.',
    'Klassen tittade på bilder från första maj-tåget på 1930-talet.',
    'Vid grupparbetet var han gruppledare för fyra elever.',
    // Voting as an act, not a choice.
    'Vi gick förbi vallokalen där man röstar på riktigt.',
    // A letter against a school matter, a group leader on an outdoor day.
    'Han skrev en insändare mot mobilförbudet.',
    'Han var gruppledare för fyra elever på friluftsdagen.',
  ])('leaves %s alone', (text) => {
    expect(found(text)).not.toContain('political_opinion');
  });
});
