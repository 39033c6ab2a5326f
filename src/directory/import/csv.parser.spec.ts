import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseDirectoryCsv } from './csv.parser';
import type { ImportDocument, PersonItem } from './import-document';
import { ImportFileError } from './import-errors';

const FIXTURE = join(__dirname, '../../../test/fixtures/directory/directory.csv');

const HEADER =
  'roll;personnummer;fornamn;efternamn;skyddad_identitet;skolenhetskod;skolenhet;klass;arskurs;skolform;startdatum;slutdatum;vardnadshavare_for;amne;epost';

function findPerson(document: ImportDocument, civicNo: string): PersonItem {
  const found = document.persons.find((item) => item.civicNo === civicNo);
  if (!found) {
    throw new Error(`no person ${civicNo}`);
  }
  return found;
}

describe('parseDirectoryCsv on a realistic file', () => {
  const document = parseDirectoryCsv(readFileSync(FIXTURE, 'utf8'));

  it('implies the school units from the rows', () => {
    expect(document.format).toBe('csv');
    expect(document.schoolUnits).toEqual([
      {
        source: 'rad 2',
        key: 'skolenhet:81234567',
        municipalityKey: null,
        name: 'Björkskolan',
        schoolUnitCode: '81234567',
      },
      {
        source: 'rad 8',
        key: 'skolenhet:82345678',
        municipalityKey: null,
        name: 'Ekdalsskolan',
        schoolUnitCode: '82345678',
      },
    ]);
  });

  it('merges the rows of one person and imports no one whose rows were all refused', () => {
    expect(document.persons).toHaveLength(22);
    const civicNumbers = document.persons.map((item) => item.civicNo);
    expect(civicNumbers).not.toContain('201511057332'); // bad check digit
    expect(civicNumbers).not.toContain('201604146215'); // no family name
    expect(civicNumbers).not.toContain('201512235068'); // bad date
    expect(civicNumbers).not.toContain('198703124332'); // unknown role, child not a pupil
    expect(civicNumbers).not.toContain('201708223415'); // school form, school year
    // Mats Åberg is a teacher (rad 18) and a guardian (rad 19).
    expect(findPerson(document, '197908133957')).toEqual({
      source: 'rad 18',
      key: 'person:197908133957',
      civicNo: '197908133957',
      givenName: 'Mats',
      familyName: 'Åberg',
      securityMarking: 'Ingen',
      email: 'mats.aberg@exempelby.se',
      enrolments: [],
      guardianOf: ['person:201305171298'],
    });
  });

  it('normalises civic numbers and keeps protected identities', () => {
    expect(findPerson(document, '201211045826')).toMatchObject({
      key: 'person:201211045826',
      securityMarking: 'Skyddad folkbokföring',
    });
    expect(findPerson(document, '201302093461').key).toBe('person:201302093461');
    expect(findPerson(document, '198402285244').securityMarking).toBe('Sekretessmarkering');
    expect(findPerson(document, '201503673848').givenName).toBe('Hugo');
  });

  it('gives pupils their enrolments in the three school forms', () => {
    expect(findPerson(document, '201203152382').enrolments).toEqual([
      {
        schoolUnitKey: 'skolenhet:81234567',
        schoolForm: 'grundskola',
        schoolYear: 7,
        startDate: '2019-08-19',
        endDate: null,
      },
    ]);
    expect(findPerson(document, '201408304572').enrolments[0]?.schoolForm).toBe(
      'anpassad grundskola',
    );
    expect(findPerson(document, '201904032156').enrolments[0]).toMatchObject({
      schoolUnitKey: 'skolenhet:82345678',
      schoolForm: 'förskoleklass',
      schoolYear: 0,
    });
  });

  it('links guardians to their children', () => {
    const guardianOf = (civicNo: string): readonly string[] =>
      findPerson(document, civicNo).guardianOf;
    expect(guardianOf('198206112842')).toEqual(['person:201203152382']);
    expect(guardianOf('198009253512')).toEqual(['person:201203152382']);
    expect(guardianOf('198503044623')).toEqual(['person:201206224170']);
    expect(guardianOf('198304102968')).toEqual(['person:201503673848', 'person:201509111926']);
  });

  it('implies the classes from the pupil rows, whatever the case of the class name', () => {
    expect(
      document.groups.map((item) => [
        item.source,
        item.key,
        item.name,
        item.schoolUnitKey,
        item.schoolYear,
        item.memberKeys,
      ]),
    ).toEqual([
      [
        'rad 2',
        'klass:81234567:7a',
        '7A',
        'skolenhet:81234567',
        7,
        ['person:201203152382', 'person:201206224170', 'person:201211045826'],
      ],
      [
        'rad 5',
        'klass:81234567:6b',
        '6B',
        'skolenhet:81234567',
        6,
        ['person:201302093461', 'person:201305171298'],
      ],
      ['rad 7', 'klass:81234567:5s', '5S', 'skolenhet:81234567', 5, ['person:201408304572']],
      ['rad 8', 'klass:82345678:fa', 'FA', 'skolenhet:82345678', 0, ['person:201904032156']],
      [
        'rad 9',
        'klass:82345678:4a',
        '4A',
        'skolenhet:82345678',
        4,
        ['person:201503673848', 'person:201509111926'],
      ],
    ]);
    expect(document.groups.every((item) => item.groupType === 'Klass')).toBe(true);
  });

  it('gives every staff role its duty, the Sektor Lärande roles included', () => {
    expect(
      document.duties.map((item) => [
        item.source,
        item.key,
        item.role,
        item.schoolUnitKey,
        item.groupKey,
        item.subject,
      ]),
    ).toEqual([
      ['rad 16', 'mentor:197505062864:81234567:7a', 'mentor', null, 'klass:81234567:7a', null],
      [
        'rad 17',
        'larare:197505062864:81234567:7a:matematik',
        'teacher',
        null,
        'klass:81234567:7a',
        'Matematik',
      ],
      [
        'rad 18',
        'larare:197908133957:81234567:6b:svenska',
        'teacher',
        null,
        'klass:81234567:6b',
        'Svenska',
      ],
      ['rad 20', 'rektor:197001214183:81234567', 'principal', 'skolenhet:81234567', null, null],
      ['rad 21', 'rektor:197209302376:82345678', 'principal', 'skolenhet:82345678', null, null],
      ['rad 22', 'mentor:199006075627:82345678:4a', 'mentor', null, 'klass:82345678:4a', null],
      ['rad 23', 'handlaggare:198811241747', 'reviewer', null, null, null],
      ['rad 24', 'arkivarie:197807191734', 'archivist', null, null, null],
      ['rad 25', 'administrator:198609176485', 'administrator', null, null, null],
    ]);
    expect(document.duties[0]).toMatchObject({
      personKey: 'person:197505062864',
      pupilKey: null,
      startDate: '2025-08-18',
      endDate: '2026-06-12',
    });
  });

  it('reports every refused row by its line, in line order, with a Swedish reason', () => {
    expect(document.rejected).toEqual([
      {
        source: 'rad 21',
        reason: 'E-postadressen "gustav.ros(at)exempelby.se" är ogiltig och tas inte med.',
      },
      { source: 'rad 27', reason: 'Personnumret har fel kontrollsiffra.' },
      { source: 'rad 28', reason: 'Efternamn (efternamn) saknas.' },
      {
        source: 'rad 29',
        reason:
          'Startdatum (startdatum) måste vara ett datum på formen ÅÅÅÅ-MM-DD (fick "2022-08-32").',
      },
      {
        source: 'rad 30',
        reason:
          'Okänd roll "vaktmastare". Tillåtna: elev, vardnadshavare, mentor, larare, rektor, handlaggare, arkivarie, administrator.',
      },
      {
        source: 'rad 31',
        reason:
          'Klassen "4X" på skolenhet 82345678 har inga elever i filen (kontrollera stavningen).',
      },
      {
        source: 'rad 32',
        reason: 'Barnet med personnummer 201512235068 finns inte som elev i filen.',
      },
      {
        source: 'rad 33',
        reason: 'Personnumret finns redan på rad 2 med ett annat namn (Alva Lind).',
      },
      { source: 'rad 34', reason: 'Ämne (amne) saknas för lärare.' },
      {
        source: 'rad 35',
        reason:
          'Okänd skolform "gymnasieskola". Tillåtna: grundskola, förskoleklass, anpassad grundskola.',
      },
      { source: 'rad 36', reason: 'Årskurs (arskurs) måste vara ett heltal 0–10 (fick "12").' },
    ]);
  });

  it('gives the same keys for the same file', () => {
    expect(parseDirectoryCsv(readFileSync(FIXTURE, 'utf8'))).toEqual(document);
  });
});

describe('parseDirectoryCsv format', () => {
  it('reads commas, CRLF, and headers written with capitals, å/ä/ö and spaces', () => {
    const content = [
      'Roll,Personnummer,Förnamn,Efternamn,Skolenhetskod,Skolform,Startdatum,Klass,Årskurs,Vårdnadshavare för',
      'Elev,20120315-2382,Alva,Lind,81234567,Grundskola,2019-08-19,7A,7,',
      'Vårdnadshavare,198206112842,Karin,Lind,,,,,,"201203152382"',
    ].join('\r\n');
    const document = parseDirectoryCsv(content);
    expect(document.rejected).toEqual([]);
    expect(document.schoolUnits).toEqual([
      {
        source: 'rad 2',
        key: 'skolenhet:81234567',
        municipalityKey: null,
        name: 'Skolenhet 81234567',
        schoolUnitCode: '81234567',
      },
    ]);
    expect(document.persons.map((item) => [item.key, item.guardianOf])).toEqual([
      ['person:201203152382', []],
      ['person:198206112842', ['person:201203152382']],
    ]);
    expect(document.groups.map((item) => item.key)).toEqual(['klass:81234567:7a']);
  });

  it.each([
    ['an empty file', '\uFEFF \n', 'Filen är tom.'],
    [
      'a header without the required columns',
      'roll;personnr;fornamn\nelev;201203152382;Alva',
      'CSV-filen saknar kolumnerna personnummer, efternamn i rubrikraden. Första raden ska vara rubriker, till exempel roll;personnummer;fornamn;efternamn;…',
    ],
    [
      'a column twice',
      'roll;personnummer;fornamn;efternamn;Förnamn\n',
      'Kolumnen fornamn finns två gånger i rubrikraden.',
    ],
    [
      'a quote never closed',
      `${HEADER}\nelev;"201203152382;Alva;Lind\n`,
      'CSV-filen kunde inte läsas (nära rad 2): kontrollera citattecken och avgränsare.',
    ],
    [
      'SS 12000 JSON given as CSV',
      '{"persons": []}',
      'CSV-filen saknar kolumnerna roll, personnummer, fornamn, efternamn i rubrikraden. Första raden ska vara rubriker, till exempel roll;personnummer;fornamn;efternamn;…',
    ],
  ])('refuses %s with an ImportFileError', (_label, content, message) => {
    expect(() => parseDirectoryCsv(content)).toThrow(new ImportFileError(message));
  });

  it('refuses more than 1 000 000 rows', () => {
    const content = `roll;personnummer;fornamn;efternamn\n${'x;;;\n'.repeat(1_000_001)}`;
    expect(() => parseDirectoryCsv(content)).toThrow(
      new ImportFileError(
        'Filen innehåller för många poster (högst 1 000 000). Dela upp importen.',
      ),
    );
  });

  it('counts lines across quoted line breaks and blank lines', () => {
    const content = [
      'roll;personnummer;fornamn;efternamn;klass;amne',
      'handlaggare;198811241747;"Ida',
      'Maria";Karlsson;;',
      '',
      'larare;197505062864;Eva;Larsson;;',
      'arkivarie;197807191734;Per;Berg;;;;extra',
    ].join('\n');
    const document = parseDirectoryCsv(content);
    expect(document.persons.map((item) => [item.source, item.givenName])).toEqual([
      ['rad 2', 'Ida Maria'],
    ]);
    expect(document.rejected).toEqual([
      { source: 'rad 5', reason: 'Skolenhetskod saknas för lärare.' },
      {
        source: 'rad 6',
        reason:
          'Raden har fler fält (8) än rubrikraden (6). Kontrollera avgränsare och citattecken.',
      },
    ]);
  });
});

describe('parseDirectoryCsv row rules', () => {
  it('lets the strictest protection and the first e-mail of a person win', () => {
    const content = [
      HEADER,
      'elev;201203152382;Alva;Lind;;81234567;Björkskolan;7A;7;GR;2019-08-19;;;;alva@example.com',
      'elev;201203152382;ALVA;LIND;Sekretessmarkering;81234567;Björkskolan;7A;7;GR;2019-08-19;;;;annan@example.com',
      'elev;201203152382;Alva;Lind;nej;82345678;Ekdalsskolan;8A;8;GR;2020-08-17;;;;',
    ].join('\n');
    const document = parseDirectoryCsv(content);
    expect(document.rejected).toEqual([]);
    expect(document.persons).toHaveLength(1);
    expect(document.persons[0]).toMatchObject({
      source: 'rad 2',
      securityMarking: 'Sekretessmarkering',
      email: 'alva@example.com',
    });
    // The identical enrolment on rad 3 is one enrolment; rad 4 is another.
    expect(document.persons[0]?.enrolments.map((item) => item.schoolUnitKey)).toEqual([
      'skolenhet:81234567',
      'skolenhet:82345678',
    ]);
    expect(document.groups.map((item) => item.memberKeys)).toEqual([
      ['person:201203152382'],
      ['person:201203152382'],
    ]);
  });

  it('refuses bad values row by row', () => {
    const content = [
      HEADER,
      'elev;201203152382;Alva;Lind;ja;81234567;;;;GR;2019-08-19;;;;',
      'elev;201206224170;Elias;Berg;;1234567;;;;GR;2019-08-19;;;;',
      'elev;201211045826;Maja;Holm;;81234567;;;;GR;;;;;',
      'elev;201302093461;Noah;Ek;;81234567;;;;GR;2020-08-17;2020-06-01;;;',
      ';201305171298;Wilma;Sjö;;;;;;;;;;;',
      'rektor;201408304572;Liam;Dahl;;;;;;;;;;;',
      'vardnadshavare;198206112842;Karin;Lind;;;;;;;;;"19811218-9877 198206112842";;',
      'mentor;198009253512;Johan;Lind;;81234567;;;;;;;;;',
      'elev;20130101TF01;Tove;Ek;;81234567;;;;GR;2020-08-17;;;;',
    ].join('\n');
    const document = parseDirectoryCsv(content);
    expect(document.persons).toEqual([]);
    expect(document.rejected).toEqual([
      {
        source: 'rad 2',
        reason:
          'Okänt värde i skyddad_identitet: "ja". Ange Ingen, Sekretessmarkering eller Skyddad folkbokföring.',
      },
      { source: 'rad 3', reason: 'Skolenhetskoden måste vara åtta siffror (fick "1234567").' },
      { source: 'rad 4', reason: 'Startdatum saknas för elev.' },
      { source: 'rad 5', reason: 'Slutdatum (2020-06-01) är före startdatum (2020-08-17).' },
      { source: 'rad 6', reason: 'Roll saknas.' },
      { source: 'rad 7', reason: 'Skolenhetskod saknas för rektor.' },
      {
        source: 'rad 8',
        reason:
          'Barnets personnummer "19811218-9877" är ogiltigt: Personnumret har fel kontrollsiffra.',
      },
      { source: 'rad 8', reason: 'En person kan inte vara sin egen vårdnadshavare.' },
      { source: 'rad 9', reason: 'Klass saknas för mentor.' },
      {
        source: 'rad 10',
        reason: 'Tillfälliga personnummer (med bokstäver) kan inte tas emot.',
      },
    ]);
  });
});
