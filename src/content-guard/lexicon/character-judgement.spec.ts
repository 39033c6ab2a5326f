import type { Category } from '../categories';
import { checkText } from '../check-text';

/** The categories the guard blocks in a text (the sentence model's warnings left out). */
const blocked = (text: string): Category[] => [
  ...new Set(
    checkText(text)
      .filter((finding) => finding.severity === 'block')
      .map((finding) => finding.category),
  ),
];

describe('character judgements, round nine', () => {
  it.each([
    // A temper judged by its noun.
    'Emir har vid flera tillfällen uppvisat ett lynnigt temperament.',
    'Hon har en manipulativ läggning.',
    // Slang said of a person by a pronoun.
    'han e så keff på att lyssna',
    // An adjective before a person or a kind of person, an insult found after it.
    'Hon är en besvärlig tonåring som inte lyssnar.',
    'Elias är en slarvig påg som aldrig håller ordning.',
    'Han är en lat jävel som aldrig gör något.',
    'Han är en dålig förebild för de yngre.',
    'Han är stökig på lektionen.',
    // A temperament that is no praise, beside a word for a person; sloppy at every lesson.
    'Alva är en tystlåten och blyg flicka som sällan tar plats.',
    'Alice är slö på lektionerna och verkar inte bry sig.',
    // Those named, someone's, all of a class: no people in general.
    'killarna i klassen e fega',
    'Mina klasskompisar är lata.',
    'alla i klassen e dumma',
    'Min dotter är lat och behöver tuffare tag.',
  ])('finds %s', (text) => {
    expect(blocked(text)).toContain('character_judgement');
  });

  it.each([
    // An adjective before the thing it describes.
    'Eleven arbetade i en dryg timme med rapporten.',
    'Terminen fick en trög start för hela klassen.',
    'det blåste en snål vind på idrottsdagen',
    // Slang summing up a situation.
    'tjuvstartade på 60 meter o blev diskad, keff',
    // A title; an animal; a state after an event; a fear of becoming.
    'Eleven har läst Dostojevskijs Idioten och skrev en bokrecension.',
    'Vår hund är en riktig latmask, han vägrar gå ut i kylan.',
    'Mamma: Ninos var trött och grinig efter fotbollsturneringen.',
    'jag äter lite för ja vill inte bli tjock',
    // Praise of a kind of person; one test, one lesson.
    'Elias är en omtänksam och hjälpsam kamrat som ofta tröstar andra.',
    'va lite slarvig med uträkningarna på provet, ska kolla igenom nästa gång',
    // People in general, an opinion about a kind of people.
    'morfar e sosse o han säger att moderater e snåla',
    'jag tycker att killar som säger emot e töntiga',
    'han anser att alla politiker ljuger',
    // Summoned as a witness: the verb.
    'Mamma var kallad som vittne i rättegången.',
    // A person of history in a lesson; an event judged; the word discussed.
    'Karl XII var envis och stridslysten enligt läroboken.',
    'Matchen var seg och tråkig.',
    'Vi diskuterade om det är okej att kalla någon för tönt.',
  ])('leaves alone %s', (text) => {
    expect(blocked(text)).not.toContain('character_judgement');
  });
});
