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
