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

describe('offensive words, round nine', () => {
  it.each([
    // Swearing and insults aimed at a person stay.
    'du e en jävla loser',
    'någon sa att jag är en loser',
    'Tränaren kallade Leo för mes inför hela laget.',
    'hon skiter i dig och dina kompisar, din jävla idiot',
    'han e en skitstövel',
    'Alva har kallat en kamrat för fet gris.',
    'Han blev kallad för en äcklig invandrare.',
    'Han är en dum idiot.',
    'Han brukar kalla mig för tönt.',
    'du e en mes',
    // An insulting word used at someone, though named as a word.
    'Elle har använt det kränkande ordet mongo mot yngre elever.',
    'Enligt flera elever har Viktor gjort apljud när Hodan pratar.',
  ])('finds %s', (text) => {
    expect(blocked(text)).toContain('offensive');
  });

  it.each([
    // Idioms of swearing at no one: not caring, a feeling intensified, making trouble.
    'min kompis e sunni men vi skiter i de, vi e bröder',
    'mamma va skitarg när hon fick veta',
    'mamma e typ skiträdd att dom ska flytta',
    'Han delade numret i en gruppchatt för att jävlas.',
    // A mild insult said to be what someone is: the judgement.
    'josef e en sån mes, han vågar inte ens gå till kiosken',
    'jag e en loser typ, alla e bättre än mig',
    // A status called is the status, no insult.
    'Han blir ändå kallad invandrare.',
    'Hon har bett att vi kallar henne Alex, och vill att ni kallar mig ánte skriver hon.',
    // A character, a poem's animal, a likeness.
    'Elle imiterade Skalle-Per när klassen läste Ronja Rövardotter.',
    'Emir skrev en dikt om en gris som ville flyga.',
    'Ninos är tjurig som en åsna och vägrar lyssna.',
    // An adjective before the thing it describes; a title.
    'Det var en dum idé att cykla i regnet.',
    'Eleven har läst Dostojevskijs Idioten och skrev en bokrecension.',
    // A slur talked about as a word.
    'Eleven förklarade varför ordet neger är kränkande.',
    'Vi pratade om varför det kränkande ordet mongo inte ska användas.',
    'På zoo hörde vi apljud från regnskogshuset.',
  ])('leaves alone %s', (text) => {
    expect(blocked(text)).not.toContain('offensive');
  });
});
