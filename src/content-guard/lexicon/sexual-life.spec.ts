import type { Category } from '../categories';
import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

/** The categories the word lists find in a text (the sentence model is trained apart). */
const listed = (text: string): Category[] => {
  const found = new Set(lexiconHits(tokenize(text)).map((hit) => hit.category));
  return [...found].sort();
};

describe('sexual_life word list', () => {
  it.each([
    // Sex as what the pupil talks or asks about.
    'Mamma skriver: hon frågar mycket om sex och vi undrar varför.',
    'jag pratar med kuratorn om sånt där med sex o så',
    'Han har börjat prata om tjejer och sex hela tiden.',
    // A birth given or ahead, trying for a child.
    'Eftersom storasystern nyligen fött barn sover eleven hos mormor.',
    'mamma o hennes nya kille ska ha bebis i maj',
    'Vi försöker få barn sedan två år, det är därför hon är trött.',
    // Partners counted, a same-sex couple among relatives, a bent by the possessive.
    'han säger att han har haft typ fem tjejer',
    'mina två farbröder e gifta med varandra',
    'Hon funderar över sin läggning och vill prata med kuratorn.',
    'Pappa skriver: min man och jag har henne varannan vecka.',
    'mamma tyckte jag skulle lära mig om skydd på ungdomsmottagningen',
    'Mamma skriver: hon är kär i sin bästa kompis och vill inte att vi vet.',
    'Han har en flickvän i nian sedan i våras.',
    'mamma hittade kondomer i min väska och blev helt psycho',
    'Hon har berättat för kuratorn att hon har haft sin första kyss.',
    'jag har en tjej som jag gillar mer än som kompis men hon vet inte om det',
    'Hon har börjat träffa en kille från fritidsgården.',
    'Moas pappa lever sedan skilsmässan med en man.',
    'ja e inte tjej ja e typ hen',
    'Han känner sig som både kille och tjej.',
  ])('finds "%s"', (text) => {
    expect(listed(text)).toContain('sexual_life');
  });

  it.each([
    'Vi ses igen om sex veckor, efter lovet.',
    'I sex och samlevnad pratade klassen om samtycke.',
    'I novellen fick huvudpersonen barn som sextonåring.',
    'Eleven har en manipulativ läggning och spelar ut vuxna mot varandra.',
    'Eleven är kaxig och nonchalant till sin läggning.',
    'Mamma skriver: Min man och jag skiljs nu, hon bor med mig.',
    'Emir och Oliver har båda pappor som är med i IF Metall.',
    'Vi har haft två tjejer i laget som skadat sig i år.',
    'Mina två farbröder bor ihop med farmor på gården.',
    'Tilde är glad och kär i sin nya kattunge som hon fått av farmor.',
    'ja e kär i den nya fifa uppdateringen haha',
    'På temadagen om samtycke läste klassen lagtexten om sexualbrott.',
    'Han kallar sin kompis för sin flickvän, men det handlar om lek.',
    'rfsu kom till skolan o visade hur man sätter på en kondom på en banan',
    'I laget spelar både tjejer och killar.',
    'I grammatiken lärde vi oss att man kan kalla sig hen.',
    'Mamma lever med en man från Norge sedan i våras.',
  ])('leaves "%s" alone', (text) => {
    expect(listed(text)).not.toContain('sexual_life');
  });
});
