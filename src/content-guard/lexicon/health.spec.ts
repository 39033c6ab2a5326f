import type { Category } from '../categories';
import { lexiconHits } from '../lexicon-match';
import { tokenize } from '../word-forms';

/** The categories the word lists find in a text (the sentence model left out). */
const listed = (text: string): Category[] => [
  ...new Set(lexiconHits(tokenize(text)).map((hit) => hit.category)),
];

describe('health and sexual life word lists, round eight', () => {
  it.each<[string, Category]>([
    ['jag har haft tankar på att inte vilja leva', 'health'],
    ['Hon orkar inte leva längre, säger hon.', 'health'],
    ['ibland skär jag mig men det e bättre nu', 'health'],
    ['Det framgår att Amina sängvätar.', 'health'],
    ['Mentor ser tecken på att hon inte äter tillräckligt.', 'health'],
    ['Amina har läkartid på lasarettet tisdag.', 'health'],
    ['Lillasystern ligger på neonatalavdelningen.', 'health'],
    ['Hon snusar dagligen, vilket hon beskriver som ett beroende.', 'health'],
    ['ja har testat gräs en gång', 'health'],
    ['Mamma e gravid igen.', 'health'],
    ['jag gick till ungdomsmottagningen för att jag mådde dåligt', 'health'],
    ['Hon har fått p-stav på ungdomsmottagningen.', 'sexual_life'],
    ['Hon har fått p-piller mot sin mensvärk.', 'health'],
    ['Amina har iris-skanning på sin mobil.', 'biometric_genetic'],
    ['mobilen känner igen mitt ansikte', 'biometric_genetic'],
  ])('finds %s as %s', (text, category) => {
    expect(listed(text)).toContain(category);
  });

  it.each([
    // Contraception is sexual life only (by the brief).
    'Hon har fått p-stav på ungdomsmottagningen.',
    'Eleven har frågat skolsköterskan om preventivmedel.',
    'jag fick en spiral insatt på ungdomsmottagningen',
    // A story, a documentary, the news, sport.
    'Amina läste en roman om en flicka med diabetes och skrev en recension.',
    'Ebbas novell om en flicka med anorexi fick högsta betyg.',
    'Klassen såg en dokumentär om Downs syndrom.',
    'Björklövens kapten fick en hjärnskakning, skrev hon i sitt sportreferat.',
    'Vi läste en artikel om hur den olympiska seglaren skadade axeln.',
    // Sore after an activity.
    'Hon hade ont i foten efter fotbollen.',
    'Tilde hade ont i fingrarna efter att ha stickat hela lektionen.',
    // A hospital as a stop, a strike, a career dreamt of, a workplace.
    'Bussen avgår från Danderyds sjukhus hållplats kl. 07.42.',
    'mamma e med i Kommunal o var med i strejken på sjukhuset',
    'min dröm e att bli läkare på lasarettet',
    'Ebba gjorde sin prao på ortopedavdelningen.',
    'Pappa: jag har flyttat till Lasarettsgatan 18.',
    // Numbers and forms handed to the nurse, the year's vaccinations.
    'pnr 100314 2386, skrev det på lappen till skolsköterskan',
    'Vaccinationerna ges av skolsköterskan till hela årskurs 7.',
    // Violence, faith, an offence, face recognition.
    'Hon lämnade pappan efter många år av psykisk misshandel.',
    'Hon har slutat äta griskött sedan hon konverterade.',
    'Hon har blivit anmäld för ofredande och utredningen pågår.',
    'mobilen känner igen mitt ansikte men inte när ja har glasögon',
    'Linnea har gjort ett arbete om etiken kring gentester.',
  ])('finds no health in %s', (text) => {
    expect(listed(text)).not.toContain('health');
  });
});

describe('health word list: round nine', () => {
  it.each([
    'ibland vill ja typ inte leva asså',
    'jag äter typ ingenting i skolan för ja vill inte bli tjock',
    'Skolpsykologen har konstaterat att hans begåvningsprofil ligger i gränsområdet.',
    'Pappa går på ett beroendeprogram inom frivården.',
    'Eleven har kontakt med BUP varannan vecka.',
    'Eleven har hänvisats till ungdomsmottagningen för samtal om sin oro.',
    'Mamma: Amina har ont i knä efter fall, doktor sagt ingen gympa.',
    'Min arm är bruten så jag kan inte spela innebandy.',
    'Ebba har en svår sprutfobi och tog inte vaccinet med klassen.',
    'min läkare sa att jag har ibs, därför springer jag på toa',
    'Mamma skriver: Vi vill informera om att Ebba går hos en privat psykolog varannan vecka.',
    'jag ser nästan inget på ena ögat så jag har förstoring på datorn',
    'jag e sjuk i magen o har feber',
    'Eleven har glasögon och behöver sitta längst fram.',
    'Hon har skadat knät och går med kryckor.',
    'Eleven har allergier mot nötter och ägg.',
  ])('finds "%s"', (text) => {
    expect(listed(text)).toContain('health');
  });

  it.each([
    'Eleven gjorde sin prao i receptionen på BUP och fick mycket beröm.',
    'Ninos hade ansvar för sjukvårdsväskan på friidrottsdagen.',
    'Ebba tog initiativ till en insamling för Läkare utan gränser.',
    'vi fick info om ungdomsmottagningen på mentorstiden, dom har öppet på onsdagar',
    'Ungdomsmottagningen kommer att besöka årskurs 6 nästa år, som alla år.',
    'jag går till ungdomsmottagningen o pratar om sånt där med sex o så',
    'Vi ligger i gränsområdet mellan två kommuner.',
    'jag e sjuk i matte alltså på riktigt bra, fick A på provet',
    'Ninos har sin asylutredning på Migrationsverket nästa månad.',
    'Emir har vägrat lämna DNA-prov i studien om ärftliga allergier.',
    'Vid gränsen fick han lämna fingeravtryck eftersom hans pass var skadat.',
    'Moa har analyserat Nora i Ibsens Ett dockhem.',
    'Vi tycker att skolan borde ha mer undervisning om islamofobi.',
    'Skolsköterskan informerade klassen om att psykologen finns på skolan på tisdagar.',
    'Forsbergs fotskada läste vi om i ett arbete om hockeyns historia.',
  ])('leaves "%s" alone', (text) => {
    expect(listed(text)).not.toContain('health');
  });
});
