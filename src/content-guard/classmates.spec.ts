import type { GuardContext } from './categories';
import { checkText } from './check-text';

const context: GuardContext = {
  pupil: { givenName: 'Wilma', familyName: 'Niemi' },
  classmates: [
    { givenName: 'Saga', familyName: 'Björk' },
    { givenName: 'Melker', familyName: 'Strand' },
    { givenName: 'Ture', familyName: 'Sten' },
    { givenName: 'Vera', familyName: 'Lund' },
    { givenName: 'Ebba', familyName: 'Glad' },
    { givenName: 'Isak', familyName: 'Frisk' },
    { givenName: 'Oliver', familyName: 'Vinter' },
    { givenName: 'Majken', familyName: 'Stolt' },
    { givenName: 'Noor', familyName: 'Hassan' },
    { givenName: 'Hamza', familyName: 'Ali' },
    { givenName: 'Liv', familyName: 'Ring' },
    { givenName: 'Milan', familyName: 'Petrović' },
    { givenName: 'Hugo', familyName: 'Åberg' },
  ],
};

const names = (text: string): string[] =>
  checkText(text, context)
    .filter((finding) => finding.category === 'classmate_name')
    .map((finding) => finding.match);

describe('classmate names, round six', () => {
  it.each([
    // Adjectives and nouns that are family names, used as words.
    'Wilma var glad och stolt efteråt.',
    'Hon har en frisk och glad inställning.',
    'vinter e min favoritårstid',
    'Moa har fått en ring av sin mormor.',
    'Ring mig på kvällen.',
    // Places, unions, signs, titles, parts, characters and famous bearers.
    'Lund är en av Sveriges äldsta städer.',
    'Pappa är medlem i Livs.',
    'Eleven visade hur tecknet hamza används.',
    'Hon skrev en dikt med titeln Love and Friendship.',
    'Wilma spelade Saga i pjäsen.',
    'Wilma skrev en berättelse där huvudpersonen heter Saga.',
    'Hodans kusin heter också Noor men går på en annan skola.',
    'jag läste oliver twist, sen kollade vi filmen',
    'ture sventon e min favoritdetektiv',
    'Vi studerade Vincent van Goghs solrosor.',
    'I arbetet om Abraham, Isak och Jakob jämförde vi religionerna.',
  ])('leaves alone %s', (text) => {
    expect(names(text)).toEqual([]);
  });

  it.each([
    ['Ebba var glad idag.', 'Ebba'],
    ['Familjen Åberg skjutsar till matchen.', 'Åberg'],
    ['Milan P hjälpte mig.', 'Milan P'],
    ['liv ring e en bortskämd unge', 'liv ring'],
    ['vi spelade fotboll och sten sa att jag var dålig', 'sten'],
    ['ja kallade oliver för en idiot', 'oliver'],
    ['jag såg sagas personnummer på papperet', 'sagas'],
    ['Ebbis sa att jag var dum', 'Ebbis'],
    ['Mekler slog mig', 'Mekler'],
    ['Wilma har fått en fin vän i Saga.', 'Saga'],
  ])('finds %s', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('classmate names, round seven', () => {
  it.each([
    // An adjective after a degree adverb; a word named in a language; a pet's name near a
    // classmate's; a name in a title, and again as the character in the same sentence.
    'Luften var ovanligt frisk efter regnet.',
    'I glosförhöret stod det birch, Björk på svenska.',
    'Under temat om träd ritade Wilma Eken och Björk som det heter på svenska.',
    'Wilma har en hund som heter Sagge.',
    'Vi läste Hugo i Hagaparken och skrattade när Hugo ramlade i dammen.',
  ])('leaves alone %s', (text) => {
    expect(names(text)).toEqual([]);
  });

  it.each([
    // With the pupil by name; called to after "you"; spoken to in a language; going to a
    // classmate's; someone found in a person; a family name that is a word, as a subject.
    ['Wilma och Sten spelade in en film om vikingarna.', 'Sten'],
    ['Wilma skrev "fuck you Saga" på bänken.', 'Saga'],
    ['Wilma sa till Saga på engelska att hon skulle sluta.', 'Saga'],
    ['ska till liv på lördag, hon fyller år', 'liv'],
    ['Wilma har fått en läsfadder i Hugo.', 'Hugo'],
    ['Glad bor på Ekvägen 3.', 'Glad'],
  ])('finds %s', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('classmate names, round eight', () => {
  it.each([
    // A character of a work named in the sentence; the work's title that is a family name;
    // a relative or a pet by name after its owner; an adjective that is a family name.
    'Pappa: vi såg Frost i helgen och Wilma kunde alla Elsas sånger utantill.',
    'vi tittade på vi på saltkråkan o melker e så rolig när han ramlar i vattnet',
    'I svenskan läste vi Ett dockhem där Nora till slut lämnar sin man.',
    'vi läste nils holgersson o nils e typ jätte elak mot djuren',
    'Mamma skriver: Wilmas lillebror Hugo ska skrivas in på fritids.',
    'Min kusin Saga går i parallellklassen.',
    'Under lunchen satt kusinen Noor bredvid mig.',
    'Mörk choklad var Wilmas bidrag till provsmakningen.',
  ])('leaves alone %s', (text) => {
    const withThem: GuardContext = {
      ...context,
      classmates: [
        ...(context.classmates ?? []),
        { givenName: 'Elsa', familyName: 'Mörk' },
        { givenName: 'Nils', familyName: 'Frost' },
        { givenName: 'Nora', familyName: 'Ek' },
      ],
    };
    expect(
      checkText(text, withThem).filter((finding) => finding.category === 'classmate_name'),
    ).toEqual([]);
  });

  it.each([
    // The pupil's company and the pupil's opinion of a work; the relative as the subject;
    // the classmate by a family name that is a word, before a verb.
    ['Wilma och Melker såg Saltkråkan på bio.', 'Melker'],
    ['Vera tyckte att Ett dockhem var tråkigt.', 'Vera'],
    ['Igår kallade pappa Saga för en lögnare.', 'Saga'],
    ['Sagas lillebror retade Hugo på rasten.', 'Hugo'],
    // "frost" the weather is no title.
    ['Det var frost på morgonen och Melker halkade på isen.', 'Melker'],
  ])('finds %s', (text, name) => {
    expect(names(text)).toContain(name);
  });
});

describe('classmate names, round nine', () => {
  const famous: GuardContext = {
    ...context,
    classmates: [
      ...(context.classmates ?? []),
      { givenName: 'Astrid', familyName: 'Lindgren' },
      { givenName: 'Josef', familyName: 'Aslan' },
      { givenName: 'Lucia', familyName: 'Eriksson' },
      { givenName: 'Tindra', familyName: 'Vinter' },
      { givenName: 'Linnea', familyName: 'Vasara' },
      { givenName: 'Viktor', familyName: 'Sten' },
      { givenName: 'Björn', familyName: 'Fors' },
      { givenName: 'Siri', familyName: 'Nordin' },
      { givenName: 'Astrid', familyName: 'Ek' },
      { givenName: 'Tove', familyName: 'Söder' },
      { givenName: 'Nils', familyName: 'Frost' },
    ],
  };
  const found = (text: string): string[] =>
    checkText(text, famous)
      .filter((finding) => finding.category === 'classmate_name')
      .map((finding) => finding.match);

  it.each([
    // A work's author, a place named after a person.
    'Wilma har läst Bröderna Lejonhjärta av Astrid Lindgren och skrev en recension.',
    'Klassen besökte Astrid Lindgrens Värld i Vimmerby.',
    // Figures of scripture and stories, animals in apposition, the feast of a name.
    'ja lärde mig att josef i bibeln o yusuf i koranen e samma person',
    'Hon skrev en analys av lejonet Aslan som symbol.',
    'Skolan firade Lucia i kyrkan tillsammans med kören.',
    // Verbs and words that are names, and words named in a language.
    'läraren sa att frost är en sorts is',
    'såg stjärnorna tindra när vi hade nattorientering',
    'Wilma lärde sig att vasara betyder hammare på finska.',
    'ek e typ det hårdaste träslaget vi jobbade med i slöjden',
    // Someone else's full name beside a misspelt classmate's.
    'I engelska har eleven läst om Victor Hugo och hans roman.',
    // The author's works; names that are words of direction and nature.
    'Klassen har läst Astrid Lindgrens böcker hela terminen.',
    'vinden kom från söder hela dagen',
    // Weather and plants before a verb that is no person's.
    'Frost verkar komma tidigt i år.',
    'Björk mår bra av mycket vatten.',
  ])('leaves alone %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it.each([
    // The classmate as a subject, before a verb of speech or seeming, or as the object taught.
    ['Björn skrek din mamma e en hora till mig på rasten', 'Björn'],
    ['Mamma: Linnea verkar vara en manipulativ flicka.', 'Linnea'],
    ['sagas föräldrar har separerat o hon ska flytta', 'sagas'],
    ['jag har lärt siri att räkna till tjugo', 'siri'],
    ['ja sa att tindra va en fet ko men ja va arg', 'tindra'],
    ['jag och tindra såg stjärnorna', 'tindra'],
    // Named by the full name after "av" without a work: a person.
    ['Wilma blev knuffad av Astrid Lindgren i korridoren.', 'Astrid Lindgren'],
    ['Josef kom hem till oss i fredags.', 'Josef'],
    ['jag och söder jobbade ihop', 'söder'],
    ['vi firade Tindra på hennes födelsedag', 'Tindra'],
    ['Wilma lånade en bok av Astrid Lindgren i klassrummet.', 'Astrid Lindgren'],
  ])('finds %s', (text, name) => {
    expect(found(text)).toContain(name);
  });
});
