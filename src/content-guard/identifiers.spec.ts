import { identifierHits } from './identifiers';

const found = (text: string): string[] =>
  identifierHits(text).map((hit) => `${hit.category}:${text.slice(hit.start, hit.end)}`);

describe('identifierHits, round six', () => {
  it.each([
    // Civic numbers read out with the digits' definite forms, from a zero (born 2000–2009) said as
    // a date and four, a spoken date and the last four, and filed as a case number.
    ['ettan trean nollan trean ettan fyran, sen två tre åtta två', 'civic_number'],
    ['Sonens nummer är noll åtta noll fem sjutton, tjugonio trettionio.', 'civic_number'],
    ['Personnumret är tvåtusenfemton, fjortonde mars, tjugotre åttio.', 'civic_number'],
    ['Angående ärendet 150314/2380 vill jag att ni ringer.', 'civic_number'],
    // Homes without a street: a named farm, a place outside a village; streets in other forms.
    ['Familjen bor på gården Rantala i Korpilombolo.', 'address_or_phone'],
    ['farmor bor på en gård som heter alatalo i pajala', 'address_or_phone'],
    ['Familjen bor på Nybruket utanför Sangis.', 'address_or_phone'],
    ['vi ses hemma hos hugo på lingonstigen 16', 'address_or_phone'],
    ['Skicka papper till Tuve kyrkväg 112.', 'address_or_phone'],
    ['farmor bor i hargeisa, gata 26 juni nummer 14', 'address_or_phone'],
    ['Skicka det c/o Andersson i stället.', 'address_or_phone'],
    ['Ni når mig på noll trettioett, femtiosex nittiotvå fyrtio.', 'address_or_phone'],
    ['mejla mamma punkt alva snabel a gmail punkt com', 'address_or_phone'],
    ['Swisha mig på 070-123 45 67.', 'address_or_phone'],
  ])('finds %s', (text, category) => {
    expect(found(text).some((hit) => hit.startsWith(`${category}:`))).toBe(true);
  });

  it.each([
    // A business's Swish number, a bankgiro, a count of laps, a yard, a fictional street abroad.
    'Vi swishar 150 kronor till klasskassans nummer 123 587 44 16 före fredag.',
    'Betala till bankgiro 5050-1055 senast fredag.',
    'Vi sprang skogsstigen 3 gånger.',
    'Vi lekte på gården efter lunch.',
    'I engelskan övade vi på att beskriva vägen till Baker Street 221B.',
    'Dnr 2024-03-12-0045 gäller skolskjutsen.',
    'Hon föddes 14 mars 2015 på BB.',
  ])('leaves alone %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('takes a child number read out as a civic number, not as a phone number', () => {
    expect(found('Sonens nummer är noll åtta noll fem sjutton, tjugonio trettionio.')).toEqual([
      'civic_number:noll åtta noll fem sjutton, tjugonio trettionio',
    ]);
  });
});

describe('identifierHits, round seven', () => {
  it.each([
    // The number inside the name of something: an e-mail address, a file, a game's user name,
    // a tag on a cap or a bottle, the date written with dots.
    'Hennes mejl är saga.110314.2381@skolan.se och det syns för alla.',
    'Filen heter Saga_Bjork_20110314_2381.pdf på servern.',
    'Spelnamnet är Saga110314_2381 i Minecraft.',
    'På vattenflaskan står 110314/2381 med tusch.',
    'Numret skrevs 11.03.14.2381 i den gamla listan.',
    // Mistyped (check digit wrong) in pairs where it is said to be her number; spaced out with
    // the number's own dash; read out with "strecket".
    'Hennes nummer står som 11 03 14 23 81 på kortet.',
    'siffrorna 1 1 0 3 1 4 – 2 3 8 1 stämde inte',
    'hon säger "tolv noll tre fjorton strecket tjugotre åttioett", sitt personnummer',
  ])('finds a civic number in %s', (text) => {
    expect(found(text).some((hit) => hit.startsWith('civic_number:'))).toBe(true);
  });

  it('takes digits that are a civic number for no phone number or e-mail address too', () => {
    expect(found('Hennes nummer står som 11 03 14 23 81 på kortet.')).toEqual([
      'civic_number:11 03 14 23 81',
    ]);
    expect(found('Hennes mejl är saga.110314.2381@skolan.se.')).toEqual([
      'civic_number:110314.2381',
    ]);
  });

  it.each([
    // Farms by name, Gotland's parish addresses, post sent to an address, Danish streets, a
    // Swedish mobile with its country code and no plus.
    'Morfar bor på Lilla Hoby gård utanför Lund.',
    'vi bor på en bondgård som heter Ekhaga o har grisar',
    'Vi har flyttat till Rute Stora Vede 1.',
    'Skicka inte post till Stenkumla Bölske 310 längre.',
    'Pappa har fått adressen Vesterbrogade 12 i København.',
    'Mitt nummer är 46 70 111 22 33 med landskod.',
  ])('finds an address or phone in %s', (text) => {
    expect(found(text).some((hit) => hit.startsWith('address_or_phone:'))).toBe(true);
  });

  it.each([
    // Danish CPR numbers, labelled so, even where their digits make a Swedish date.
    'Mitt CPR-nummer är 030585-2291 eftersom jag arbetar i Danmark.',
    'Lillasyster har CPR-nummer 120619-4562 i Danmark.',
    'Mitt danska personnummer är 240890-1126.',
    // A file stamped with a date and a time of day.
    'Bilden IMG_20150612_1430.jpg ligger på disken.',
    // A visit to a farm, a count of times.
    'Vi åkte till Skansen och såg Stora gård där det fanns getter.',
  ])('leaves alone %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('still takes a Swedish number in a sentence about Denmark', () => {
    expect([
      ...new Set(found('Elias har personnummer 150612-3458 men bodde i Danmark förut.')),
    ]).toEqual(['civic_number:150612-3458']);
  });
});

describe('identifierHits, round eight', () => {
  it.each([
    // Phone numbers digit by digit, partly in words, North American, with +46 and a dash.
    'Mamma: ring mig 0 7 0 4 1 2 3 8 9 5 om Amina är sjuk.',
    'mitt nr e 0-9-0-1-2-3-4-5-6',
    'ring mig på nollsjuttio 123 45 67 efter fyra',
    'min mobil e 070 tjugotre fyrtiofem sextiosju åttionio',
    'noll sjuttio, ett två tre, fyrtiofem, sextiosju',
    'Ring farmor i USA på +1 (212) 555-0199.',
    'Ring moster i USA på 212-555-0199.',
    'Ring +46-70-123 45 67.',
    // E-mail read out or spaced.
    'Pappas e-post: johan @ gmail . com',
    'Mammas mejl är maria.nilsson@gmail punkt com.',
    'skicka till ebba_2011 at hotmail.co.uk',
    // Streets by compound endings, abroad number first, postcodes abroad.
    'Ebba har lagt upp Edvin Lejons hemadress, Kevingestrand 12, i en story.',
    'Familjens adress i London är 14 Cadogan Square, SW1X 0JU.',
    'Adressen till vår lägenhet i New York är 211 East 70th Street.',
    'Vi bor på 5 rue de la Paix i Paris under hösten.',
    'Morbror bor på Lindenweg 3 i Hamburg.',
    // Farms, fäbod and torp where someone lives or stays; a farm's name after "bor på".
    'Mamma: vi bor numera på fäboden Lillbäcken, cirka två mil norr om Vindeln.',
    'Ebba övernattar på gården Norra Hamra i Roslagen.',
    'Farmor bor på torpet Granlund utanför Ånge.',
    'Aino bor numera hos farmor på Norrgården utanför Skultuna.',
    // Registered at a street, a new address said, a pupil's lower case with its direction.
    'Eleven är folkbokförd på Granvägen hos sin moster.',
    'Vi har flyttat, ny adress är Granvägen.',
    'mamma o jag bor på västra esplanaden nu',
    'Melker och Wilma är grannar på Porsögatan 6 och går till skolan.',
  ])('finds an address or phone in %s', (text) => {
    expect(found(text).some((hit) => hit.startsWith('address_or_phone:'))).toBe(true);
  });

  it.each([
    // A diary number with a slash, a year after a street, a neighbourhood after "i" or "nära".
    'Ärendet har diarienummer 2025/0417-61 hos skolförvaltningen.',
    'I historia har klassen läst om Olof Palme och mordet på Sveavägen 1986.',
    'Mamma skriver: Vi flyttar till ny lägenhet i Öresundsparken i juni.',
    'Vi bor nära Strandparken och Ebba cyklar till skolan.',
    // A row of scores, a time after a square, digits one by one with no calling.
    'Poängen 12 14 16 18 20 visades på tavlan.',
    'Bussen 1 går från Vasaplan 08.12 till Ersboda.',
    'Tabellen: 0 1 2 3 4 5 6 7 8 9 är siffrorna.',
    // A farm of the class's visit or of a lesson; a famous address in a lesson.
    'Klassen övernattade på gården Norra Hamra under lägerskolan.',
    'Vi läste om torpet Mårbacka där Selma Lagerlöf bodde.',
    'I engelska läste vi om 10 Downing Street där premiärministern bor.',
    'Ordernummer 212-555-0199 gäller boken.',
    // A public place by its address.
    'Skolan ligger på Storgatan 10.',
    'Mötet hålls i Stadshuset, Skolgatan 31A.',
    'Vi går till Ica på Storgatan 10 efter skolan.',
  ])('leaves alone %s', (text) => {
    expect(found(text).filter((hit) => hit.startsWith('address_or_phone:'))).toEqual([]);
  });
});

describe('identifiers, round nine', () => {
  it.each([
    // The date and the last four with a filler or the dash said out.
    'jag vet inte mitt personnummer utantill men mamma sa det e 130412 nånting 3386',
    'jag har personnummer 130412 dash 3386 sa pappa',
    // The date of birth with the day as a word, and the last four later in the sentence.
    'Emir är född den tolfte april 2013 och de fyra sista siffrorna i hans personnummer är 3386.',
  ])('finds a civic number in %s', (text) => {
    expect(found(text).some((hit) => hit.startsWith('civic_number:'))).toBe(true);
  });

  it.each([
    'ring mig 070 4 33 22 11 om elle e sjuk',
    'Emir har berättat att han bor på Lilla Bäckegården vid Ödestugu.',
    'Pappa: vi har ett sommarställe på Visingsö, Västerby 12, där Emir är på sommarlovet.',
  ])('finds an address or phone in %s', (text) => {
    expect(found(text).some((hit) => hit.startsWith('address_or_phone:'))).toBe(true);
  });

  it.each([
    // A date in words without the number named; scores with a one-digit group and no calling.
    'Emir är född den tolfte april 2013 och har fyra syskon.',
    'Resultaten 070 4 33 22 11 stod på tavlan efter tävlingen.',
    // A farm-named place where no one lives; a village and a year.
    'Klassen åkte till Bäckegården på studiebesök.',
    'Vi hade sommarställe på Visingsö 2019 och 2020.',
  ])('leaves alone %s', (text) => {
    expect(found(text).filter((hit) => !hit.startsWith('classmate_name:'))).toEqual([]);
  });
});
