import type { Category } from '../categories';
import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

/** The categories the word lists find in a text (the sentence model is trained apart). */
const listed = (text: string): Category[] => {
  const found = new Set(lexiconHits(tokenize(text)).map((hit) => hit.category));
  return [...found].sort();
};

describe('criminal_offence word list', () => {
  it.each([
    'ja har testat gräs en gång men det va äckligt',
    'Ebba vårdas inom Mini-Maria för sitt cannabisbruk.',
    'nån snodde min mobil i omklädningsrummet o polisen har inte hittat den',
    'jag snodde en mascara på Åhléns o blev tagen av vakten',
    'nån stal min cykel vid skolan o pappa gjorde en polisanmälan',
    'Han bar ett luftgevär på skolgården.',
    'Pappa är dömd för bedrägeri.',
  ])('finds "%s"', (text) => {
    expect(listed(text)).toContain('criminal_offence');
  });

  it.each([
    // A power cut, a break-up, an outburst: words that end in -brott.
    'Strömavbrottet i måndags gjorde att provet flyttades.',
    'Socialtjänsten stöttar mamma och barnen i uppbrottet.',
    'Efter elavbrotten fick klassen gå hem tidigt.',
    // Things taken between pupils, in slang.
    'bre han snodde min plats i matsalen ju',
    'fuck you till den som snodde min laddare, seriöst',
    // Class talk about crime and the law.
    'Klassen har diskuterat näthat och föreslog regler för gruppchatten.',
    'Klassen debatterade narkotikapolitik och Ebba argumenterade för sin sida.',
    'I samhällskunskap lärde vi oss varför barn under femton inte döms.',
    'Vi lärde oss hur fingeravtryck används inom polisens kriminalteknik.',
    'Amina hittade en plånbok och lämnade in den till polisen.',
    // A sport, a sibling's treatment.
    'min pappa lärde mig skjuta med luftgevär på skyttebanan',
    'Storebror är inskriven på beroendemottagningen för sitt cannabisbruk.',
  ])('leaves "%s" alone', (text) => {
    expect(listed(text)).not.toContain('criminal_offence');
  });
});

describe('criminal_offence word list: violence at home and excuses in a sentence about the family', () => {
  it.each([
    // Beaten or threatened by someone outside the home, or at home with the police in it.
    'Eleven har blivit slagen av en äldre elev vid bussen.',
    'Familjen har fått hot från ett gäng i området.',
    'Pappa har slagit mamma och polisen kom hem till oss.',
    'Mamma sitter i fängelse för bedrägeri.',
    'röker ibland gräs med några från stan men e inte beroende',
    'Hon har berättat att hon röker cannabis på helgerna, och mamma är informerad om kontakten.',
    'Ett gäng har hotat honom, och polisen är informerad om det.',
    'Under hösten anmäldes han för hets mot folkgrupp efter bilder på nätet.',
    'Kuratorn säger att hon har ett sexuellt förhållande med en betydligt äldre person från nätet.',
    'Hon har utsatts för en sexuell handling mot sin vilja på en fest.',
    'En vuxen man har kontaktat honom på Snapchat och bett om bilder av sexuell karaktär.',
    'Tilde har berättat att pappa slår mamma, och skolan har kontaktat polisen samma dag.',
    'Alva har berättat att pappa hämtades av polisen en natt i november.',
    'Hon har körts hem av polisen två gånger efter att ha varit berusad på stan.',
  ])('finds "%s"', (text) => {
    expect(listed(text)).toContain('criminal_offence');
  });

  it.each([
    // Violence at home told without the police: domestic violence, the family's situation.
    'pappa slår mamma när han har druckit o då gömmer jag mig',
    'Eleven bor i ett jourhem sedan han blivit slagen av sin styvpappa.',
    'Mamma och eleven bor på ett skyddat boende efter hot från pappan.',
    'Storasyster har flyttat hemifrån efter hot från släkten.',
    // A lesson's, a career's or a custody judgment's excuse holds with a family word in the sentence.
    'jag vill bli advokat som mamma och jobba med brottmål',
    'Mamma: pappa har inte umgänge längre efter domen om ensam vårdnad.',
    'Eleven har skrivit en reflekterande text om näthat och skällsord.',
    'Han kallade läraren ”den där jävla pedofilen” inför klassen.',
    'Eleverna uppmanas att låsa in mobilerna, även om stölder är sällsynta på skolan.',
    'Hon har en sexuell relation med en klasskamrat som vårdnadshavarna inte känner till.',
    'Polisen besökte klassen och berättade om trafiksäkerhet.',
    'Polisen besökte skolan och informerade om trafiksäkerhet inför mopedsäsongen.',
    'Pappa jobbar som polis och har berättat om sitt yrke för klassen.',
    'Hon vill inte gå på kalaset mot sin vilja, säger mamma.',
  ])('leaves "%s" alone', (text) => {
    expect(listed(text)).not.toContain('criminal_offence');
  });
});
