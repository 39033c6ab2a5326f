import type { Category, GuardContext } from './categories';
import { checkText, MAX_TEXT_LENGTH } from './check-text';
import { tokenize } from './word-forms';

const categories = (text: string, context?: GuardContext): string[] =>
  [...new Set(checkText(text, context).map((finding) => finding.category))].sort();

const passages = (text: string, context?: GuardContext): string[] =>
  checkText(text, context).map((finding) => finding.match);

describe('checkText, per category', () => {
  it.each<[string, Category]>([
    ['Eleven har en ADHD-diagnos.', 'health'],
    ['Hon blev diagnostiserad i våras.', 'health'],
    ['Han går till BUP varannan vecka.', 'health'],
    ['Hon tar Concerta på morgonen.', 'health'],
    ['Eleven är gravid och har termin i maj.', 'health'],
    ['Han sitter i rullstol sedan olyckan.', 'health'],
    ['Eleven träffar skolkuratorn varje tisdag.', 'health'],
    ['Familjen kommer från Somalia.', 'ethnic_origin'],
    ['Hon har utländsk bakgrund.', 'ethnic_origin'],
    ['Hans pappa är sverigedemokrat.', 'political_opinion'],
    ['Föräldrarna röstar på Vänsterpartiet.', 'political_opinion'],
    ['Han är muslim.', 'religion'],
    ['Familjen är Jehovas vittnen.', 'religion'],
    ['Hon fastar under ramadan.', 'religion'],
    ['Mamma är med i facket och strejkar.', 'union_membership'],
    ['Pappan är medlem i Kommunal.', 'union_membership'],
    ['Ett DNA-test visade släktskapet.', 'biometric_genetic'],
    ['Skolans dörr öppnas med fingeravtryck.', 'biometric_genetic'],
    ['Eleven är hbtq.', 'sexual_life'],
    ['Han är homosexuell.', 'sexual_life'],
    ['Brodern är kriminell.', 'criminal_offence'],
    ['Hon snattade på Ica i höstas.', 'criminal_offence'],
    ['Eleven är placerad i familjehem.', 'social_family'],
    ['Skolan har gjort en orosanmälan.', 'social_family'],
    ['Föräldrarna är i en vårdnadstvist.', 'social_family'],
    ['Familjen lever på försörjningsstöd.', 'social_family'],
    ['Hon är bråkig.', 'character_judgement'],
    ['Eleven är slö.', 'character_judgement'],
    ['Han är lat.', 'character_judgement'],
    ['Han kallade läraren idiot.', 'offensive'],
  ])('finds %s as %s', (text, category) => {
    expect(categories(text)).toContain(category);
  });
});

describe('checkText, Swedish word forms', () => {
  it.each([
    ['diabetesdiagnos', 'compound with the term last'],
    ['ADHD-utredningen', 'hyphenated compound, definite form'],
    ['medicinerar', 'verb derived from the term'],
    ['utreds för', 'passive of the verb'],
    ['diagnosen', 'definite form'],
    ['bråkiga', 'adjective inflection'],
    ['slöa', 'short adjective inflection'],
    ['graviditeten', 'noun derived from the term'],
    ['orosanmälningarna', 'plural definite'],
    ['vårdnadstvisten', 'definite compound'],
  ])('finds %s (%s)', (word) => {
    expect(checkText(`Det gäller ${word} nu.`)).not.toEqual([]);
  });

  it('does not let a negation excuse the passage', () => {
    expect(categories('Eleven har inte ADHD.')).toEqual(['health']);
    // Pregnancy is sexual life as well as health (the labelling convention), negated or not.
    expect(categories('Hon är inte gravid.')).toEqual(['health', 'sexual_life']);
    expect(categories('Familjen är inte religiös.')).toEqual(['religion']);
  });

  it("finds pregnancy, gender identity and honour control in pupils' words, not in lessons", () => {
    expect(categories('mamma e gravid o ja ska bli storasyster')).toEqual([
      'health',
      'sexual_life',
    ]);
    expect(categories('jag e hen, inte hon')).toEqual(['sexual_life']);
    expect(categories('jag får inte ens prata med killar')).toContain('sexual_life');
    expect(categories('Vi hade sexualkunskap och läraren visade en kondom på en banan.')).toEqual(
      [],
    );
    expect(categories('jag e kär i matte, det e mitt favoritämne')).toEqual([]);
    expect(categories('ärligt e jag sjuk bra på fotboll')).toEqual([]);
    expect(categories('skrivaren strejkade igen')).toEqual([]);
  });

  it('takes how one wishes to be called for no insult', () => {
    expect(categories('Hon vill inte kallas tjej längre.')).not.toContain('offensive');
    expect(categories('Hon blev kallad tjejjävel på bussen.')).toContain('offensive');
  });

  it('lets a film excuse fiction, but not the verb: filming an offence is still one', () => {
    expect(categories('Hon filmade när två elever snattade i affären.')).toEqual([
      'criminal_offence',
    ]);
    expect(categories('I filmen snattade huvudpersonen i en affär.')).toEqual([]);
  });

  it('marks the whole word of a compound, and several words of a phrase', () => {
    expect(passages('En diabetesdiagnos ställdes.')).toEqual(['diabetesdiagnos']);
    expect(passages('Hon är med i facket.')).toEqual(['med i facket']);
  });
});

describe('checkText, curriculum stays clean', () => {
  it.each([
    'Eleven har goda kunskaper i religionskunskap.',
    'Klassen gjorde ett studiebesök i moskén och i synagogan.',
    'Vi har arbetat med samisk kultur och de nationella minoriteterna.',
    'Eleven har godtagbara kunskaper i idrott och hälsa.',
    'Hon kan redogöra för hur nazisterna tog makten i Tyskland.',
    'Han kan beskriva Martin Luthers roll i reformationen.',
    'Eleven kan resonera om brott och straff i samhällskunskap.',
    'Använd lathunden när du räknar.',
    'Vi gör ett diagnostiskt prov i matematik.',
    'Diagnosen i matematik visade att hon behärskar bråk.',
    'Eleven räknar med bråk och decimaltal.',
    'Hon ville läsa mer, varje dag en saga.',
    'Vårdnadshavarna kommer på utvecklingssamtalet.',
    'Vi tränar de fyra räkneoperationerna två gånger per vecka.',
    'Telefonnummer som 1234567 är bra exempel på stora tal.',
  ])('leaves %s alone', (text) => {
    expect(checkText(text)).toEqual([]);
  });
});

describe('checkText, civic numbers in every written form', () => {
  it.each([
    '20160312-2385',
    '201603122385',
    '160312-2381',
    '1603122381',
    '160312 2381',
    '160312+2381',
    '20160312 2385',
    '160372-2385',
  ])('finds %s, also with a wrong check digit', (number) => {
    expect(categories(`Elevens personnummer är ${number}.`)).toEqual(['civic_number']);
  });

  it.each([
    ['a date', 'Samtalet hölls 2026-03-12.'],
    ['a registration number', 'Planen är registrerad som IUP-2026-00002.'],
    ['a phone number', 'Skolans nummer är 0701234567.'],
    ['a date without dashes', 'Datum 20260312.'],
    ['a number that is no date', 'Ordernummer 201699-1234.'],
  ])('does not take %s for one', (_kind, text) => {
    expect(categories(text)).not.toContain('civic_number');
  });
});

describe('checkText, contact details', () => {
  it('warns about phone numbers, e-mail and street addresses', () => {
    const findings = checkText(
      'Ring 070-123 45 67, mejla anna.berg@example.se eller kom till Storgatan 12 B, 443 30 Lerum.',
    );

    expect(findings.map((finding) => [finding.severity, finding.match])).toEqual([
      ['warn', '070-123 45 67'],
      ['warn', 'anna.berg@example.se'],
      ['warn', 'Storgatan 12 B'],
      ['warn', '443 30 Lerum'],
    ]);
  });
});

describe('checkText, classmates’ names', () => {
  const context: GuardContext = {
    pupil: { givenName: 'Elsa', familyName: 'Lindqvist' },
    classmates: [
      { givenName: 'Omar', familyName: 'Haddad' },
      { givenName: 'Saga', familyName: 'Ek' },
      { givenName: 'Dag', familyName: 'Nilsson' },
      { givenName: 'Elsa', familyName: 'Berg' },
    ],
  };

  it('finds a classmate by given name, family name, genitive and full name', () => {
    expect(passages('Elsa arbetar bra med Omar.', context)).toEqual(['Omar']);
    expect(passages('Hon lånade Omars bok.', context)).toEqual(['Omars']);
    expect(passages('Hon sitter bredvid Saga Ek.', context)).toEqual(['Saga Ek']);
    expect(passages('Hon och Haddad övar tillsammans.', context)).toEqual(['Haddad']);
    expect(passages('jag och omar spelade', context)).toEqual(['omar']);
  });

  it('leaves the pupil’s own name and ordinary words alone', () => {
    expect(checkText('Elsa Lindqvist läser varje dag.', context)).toEqual([]);
    expect(checkText('Hon skrev en saga om en ek.', context)).toEqual([]);
    expect(checkText('Vi satt under en ek.', context)).toEqual([]);
    expect(checkText('Dag för dag blir det bättre.', context)).toEqual([]);
  });

  it('finds names that are ordinary words when written as names mid-sentence', () => {
    expect(passages('Hon leker ofta med Saga på rasten.', context)).toEqual(['Saga']);
  });

  it('needs the context: without it no name is a finding', () => {
    expect(checkText('Elsa arbetar bra med Omar.')).toEqual([]);
  });
});

describe('checkText, offsets and odd input', () => {
  it('gives exact UTF-16 spans, also after emoji and å, ä, ö', () => {
    const text = '😀 Åsa är lat, och hon har diabetes.';

    const findings = checkText(text);

    expect(findings.map((finding) => [finding.category, finding.match])).toEqual([
      ['character_judgement', 'lat'],
      ['health', 'diabetes'],
    ]);
    for (const finding of findings) {
      expect(text.slice(finding.start, finding.end)).toBe(finding.match);
    }
  });

  it('copes with any input and refuses only what is too long', () => {
    expect(checkText('')).toEqual([]);
    expect(checkText('\u0000\uD800 ')).toEqual([]);
    expect(() => checkText('a'.repeat(MAX_TEXT_LENGTH + 1))).toThrow(RangeError);
  });
});

describe('checkText, swearing and reported insults', () => {
  const offensive = (text: string, context?: GuardContext): boolean =>
    categories(text, context).includes('offensive');

  it.each([
    'fan vad kallt det va i morse',
    'jävla mobil dog mitt i inlämningen',
    'det va ett jävla drag i backen',
    'jag tappade glassen o skrek aj för helvete',
    'skit också ja glömde gympakläderna',
    'skitsvårt prov i no asså',
    'Det är ju för jävligt att bussen alltid är sen.',
    'Ni kan skicka ert jävla brev hem.',
  ])('leaves swearing about a thing or a situation alone: %s', (text) => {
    expect(offensive(text)).toBe(false);
  });

  it.each([
    'din jävla fjant',
    'han e en jävla clown',
    'vikarien e en jävla clown, hon kan ingenting',
    'jävla unge',
    'fan ta dig',
    'Jag sa dra åt helvete till läraren.',
    'hon sa jävla skit till honom',
    'Eleven skrev jävla skit på tavlan.',
  ])('finds swearing aimed at a person: %s', (text) => {
    expect(offensive(text)).toBe(true);
  });

  it('finds swearing next to a name from the context', () => {
    const context: GuardContext = { classmates: [{ givenName: 'Hugo', familyName: 'Berg' }] };
    expect(offensive('jävla hugo alltså', context)).toBe(true);
  });

  it('takes an insult the pupil owns to, or one said to the pupil, for no judgement', () => {
    expect(categories('jag kallade honom för idiot för att han sparkade min väska')).toEqual([
      'offensive',
    ]);
    expect(categories('linnea sa att jag va en jävla fjortis o då blev jag arg')).toEqual([
      'offensive',
    ]);
    expect(categories('Hon skrev ”du är så jävla ful” till en kamrat.')).toEqual(['offensive']);
    // What one is habitually told one is stays a judgement.
    expect(categories('pappa säger att jag är en lat jävel')).toContain('character_judgement');
  });

  it('takes the name given in any calling, and what the pupil says someone is, for the insult alone', () => {
    expect(categories('Pappa: en vuxen kallar Leo för en odåga.')).toContain('character_judgement');
    expect(categories('Mamma skriver: någon har skrivit "Leo är ett as" på hans skåp.')).toContain(
      'character_judgement',
    );
    expect(categories('jag hatar när de kallar mig mähä')).toEqual(['offensive']);
    expect(categories('ja sa till storebror att han e en jävla skitstövel')).toEqual(['offensive']);
    expect(categories('Elias skrev i chatten att Signe är en "bitch".')).toEqual(['offensive']);
    // A judgement of one's own after the confession stays one.
    expect(
      categories('jag skrev knulla dig till milo, det var dumt men han e så irriterande'),
    ).toContain('character_judgement');
  });

  it('takes a kinship word for no insult', () => {
    expect(
      offensive('Elias mamma har ändrat juridiskt kön och Elias kallar henne nu för mamma.'),
    ).toBe(false);
  });

  it('leaves the sayer of a single oath alone, but not swearing told as a habit', () => {
    expect(offensive('Elias har sagt "fan också" när han tappade sin glass i gruset.')).toBe(false);
    expect(offensive('Leo svär mycket och säger ofta "jävla skit" högt på lektionerna.')).toBe(
      true,
    );
    expect(offensive("Hon säger 'wtf' och 'shit' hela tiden på lektionerna.")).toBe(true);
    expect(offensive('Det är för jävligt att bussen alltid är sen.')).toBe(false);
  });
});

describe('checkText, natures, kinds of person and insults of other languages', () => {
  it.each<[string, Category[]]>([
    ['Aino är till sin natur en snäll och försiktig elev.', ['character_judgement']],
    ['Som person är Aino konflikträdd och undfallande.', ['character_judgement']],
    ['jag e för snäll typ, folk utnyttjar mig hela tiden', ['character_judgement']],
    ['Aino är en tävlingsmänniska som inte tål att förlora.', ['character_judgement']],
    ['hon e en äcklig råtta', ['character_judgement', 'offensive']],
    ['Mamma: Elias sa "din dumme fjols" till farmor på danska.', ['offensive']],
    ['Läraren är ett as som borde avskedas.', ['character_judgement', 'offensive']],
  ])('finds %s', (text, expected) => {
    expect(categories(text)).toEqual(expected);
  });

  it.each([
    'Pappa: vår katt är världens latmask, hon ligger i fönstret hela dagarna.',
    'Elias läste om Emil i Lönneberga, som var en riktig busunge.',
    'Elias kan redan flera suror utantill.',
    'ja tycker att tönt e ett fult ord o man ska inte säga det',
    'Elias har lärt sig ordet "fjols" och vet att det betyder dumbom.',
    'Klassen har diskuterat varför ord som ”bög” används som skällsord.',
    'Mamma: hon har varit trött och grinig hela veckan efter lägerskolan.',
  ])('leaves alone %s', (text) => {
    expect(categories(text)).toEqual([]);
  });
});

describe('checkText, a writer’s tag', () => {
  it('marks the words before a colon at the start of a line as who writes', () => {
    const tokens = tokenize('Mamma skriver: Tack!\nPappa: Hej. Klockan 10:30 börjar vi.');
    expect(tokens.filter((t) => t.speaker).map((t) => t.written)).toEqual([
      'Mamma',
      'skriver',
      'Pappa',
    ]);
  });

  it('does not take the tag for a sentence about the family, but a family word in it still counts', () => {
    // The church service is excused; "Pappa:" says who writes, not that the family is in church.
    expect(
      checkText('Pappa: Tack för en fin avslutning i kyrkan, prästens tal uppskattades.'),
    ).toEqual([]);
    expect(checkText('Pappa: Vi läste om diabetes på NO-lektionen.')).toEqual([]);
    // A relative's illness is not excused by the lesson beside it, tag or no tag.
    expect(
      categories('Pappa: Vi läste om diabetes på NO-lektionen, och min pappa har diabetes.'),
    ).toEqual(['health']);
  });
});

describe('checkText, round eight: judgements and insults by class of wording', () => {
  const context: GuardContext = {
    pupil: { givenName: 'Leo', familyName: 'Ek' },
    classmates: [{ givenName: 'Oskar', familyName: 'Lind' }],
  };

  it.each<[string, string[]]>([
    // An insult someone is called is reported: offensive, no judgement of the one called.
    ['Mamma: en tränare kallade Leo för en jävla idiot efter matchen.', ['offensive']],
    ['Han har kallat Leo för pucko och knäppgök på rasten.', ['offensive']],
    ['ja kallade han en fucking idiot men han började', ['offensive']],
    // The pupil's own words with the tag after, or what she was told she is.
    ['din jävla idiot skrev jag till honom, det var dumt', ['offensive']],
    ['i matsalen sa dom att jag e en äcklig tönt', ['offensive']],
    ['jag fick höra att jag e en ful jävla mes', ['offensive']],
  ])('reports %s as %j', (text, expected) => {
    expect(categories(text, context)).toEqual(expected);
  });

  it.each([
    // A judgement called that is no insult stays a judgement.
    'Pappa kallar Leo för latmask när han inte städar.',
    // English slang after a copula, a nature one is born with, a gift denied, a person as disgust.
    'asså min syster e so annoying hela tiden',
    'han har inget tålamod, han e född så',
    'Mamma: hon är inte direkt någon studiebegåvning.',
    'Hon är ingen teoretiker men älskar slöjd.',
    'alla tycker hon e äcklig',
    'Oskar e ett äckel',
  ])('finds a judgement in %s', (text) => {
    expect(categories(text, context)).toContain('character_judgement');
  });

  it.each([
    'vi hade prov i tre timmar, so boring',
    'det känns weird att byta skola',
    'skolmaten e äcklig idag',
    'pappa säger att maten där e äcklig',
    'det kallas umgängesstöd tror jag',
    'Jävla buss som aldrig kommer i tid, skriver Leo i sin självskattning.',
    'min kusin har cp och går i en annan skola',
    'Instruktionen var idiotsäker.',
    'Leo spelade idioten i klassens dramatisering.',
    'pappa vet inte, snälla berätta inget',
    'undervisningen har skett på distans',
  ])('finds neither judgement nor insult in %s', (text) => {
    const found = categories(text, context);
    expect(found).not.toContain('character_judgement');
    expect(found).not.toContain('offensive');
  });
});
