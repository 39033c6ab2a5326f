import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import type { ImportDocument, ImportStreamReader, PersonItem } from './import-document';
import { ImportFileError } from './import-errors';
import { parseSs12000, readSs12000Stream } from './ss12000.parser';

const FIXTURE = join(__dirname, '../../../test/fixtures/directory/ss12000-realistic.json');

const organisation = (n: number): string =>
  `a0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const person = (n: number): string => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const group = (n: number): string => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const duty = (n: number): string => `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const activity = (n: number): string => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const BJORKSKOLAN = organisation(11);
const EKDALSSKOLAN = organisation(12);

function findPerson(document: ImportDocument, key: string): PersonItem {
  const found = document.persons.find((item) => item.key === key);
  if (!found) {
    throw new Error(`no person ${key}`);
  }
  return found;
}

describe('parseSs12000 on a realistic SS 12000 v2.1 file', () => {
  let document: ImportDocument;

  beforeAll(async () => {
    document = await parseSs12000(readFileSync(FIXTURE, 'utf8'));
  });

  it('reads the Huvudman and its school units (Skolenhet)', () => {
    const huvudman = 'a0000000-0000-4000-8000-000000000001';
    expect(document.format).toBe('ss12000');
    expect(document.municipalities).toEqual([
      {
        source: 'organisations[0]',
        key: huvudman,
        name: 'Exempelby kommun',
        organisationNumber: '212000-9999',
      },
    ]);
    expect(document.schoolUnits).toEqual([
      {
        source: 'organisations[1]',
        key: BJORKSKOLAN,
        municipalityKey: huvudman,
        name: 'Björkskolan',
        schoolUnitCode: '81234567',
      },
      {
        source: 'organisations[2]',
        key: EKDALSSKOLAN,
        municipalityKey: huvudman,
        name: 'Ekdalsskolan',
        schoolUnitCode: '82345678',
      },
    ]);
  });

  it('imports every valid person (from the paged persons list) and none of the refused', () => {
    expect(document.persons).toHaveLength(24);
    const keys = document.persons.map((item) => item.key);
    expect(keys).not.toContain(person(111)); // invalid check digit
    expect(keys).not.toContain(person(112)); // no familyName
    expect(findPerson(document, person(101))).toEqual({
      source: 'persons[0]',
      key: person(101),
      civicNo: '201203152382',
      givenName: 'Alva',
      familyName: 'Lind',
      securityMarking: 'Ingen',
      email: 'alva.lind@elev.exempelby.se',
      enrolments: [
        {
          schoolUnitKey: BJORKSKOLAN,
          schoolForm: 'grundskola',
          schoolYear: 7,
          startDate: '2019-08-19',
          endDate: null,
        },
      ],
      guardianOf: [],
    });
  });

  it('keeps protected identities and coordination numbers as the file says', () => {
    expect(findPerson(document, person(103)).securityMarking).toBe('Skyddad folkbokföring');
    expect(findPerson(document, person(205)).securityMarking).toBe('Sekretessmarkering');
    expect(findPerson(document, person(108)).civicNo).toBe('201503673848');
  });

  it('maps GRS and FKLASS, and drops enrolments in other school types (FTH)', () => {
    expect(findPerson(document, person(105)).enrolments).toHaveLength(1);
    expect(findPerson(document, person(106)).enrolments[0]).toMatchObject({
      schoolForm: 'anpassad grundskola',
      schoolYear: 5,
    });
    expect(findPerson(document, person(107)).enrolments[0]).toMatchObject({
      schoolUnitKey: EKDALSSKOLAN,
      schoolForm: 'förskoleklass',
      schoolYear: 0,
    });
    // The enrolment at an unknown organisation and the one with a bad date are refused; the persons stay.
    expect(findPerson(document, person(109)).enrolments).toHaveLength(1);
    expect(findPerson(document, person(110)).enrolments).toEqual([]);
  });

  it('gives custody only for relationType Vårdnadshavare', () => {
    const guardianOf = (n: number): readonly string[] => findPerson(document, person(n)).guardianOf;
    expect(guardianOf(201)).toEqual([person(101)]);
    expect(guardianOf(202)).toEqual([person(101)]);
    expect(guardianOf(203)).toEqual([person(102)]);
    expect(guardianOf(204)).toEqual([]); // "Annan ansvarig" for Elias
    expect(guardianOf(205)).toEqual([person(104)]);
    expect(guardianOf(207)).toEqual([person(108), person(109)]);
    expect(guardianOf(208)).toEqual([person(110)]);
  });

  it('prefers a school e-mail address to a private one', () => {
    expect(findPerson(document, person(209)).email).toBe('eva.larsson@exempelby.se');
    expect(findPerson(document, person(201)).email).toBe('karin.lind@example.com');
  });

  it('imports Klass and Mentor groups, skips the teaching group, and drops refused members', () => {
    expect(
      document.groups.map((item) => [item.name, item.groupType, item.schoolYear, item.memberKeys]),
    ).toEqual([
      ['7A', 'Klass', 7, [person(101), person(102), person(103)]],
      ['6B', 'Klass', 6, [person(104), person(105)]], // year derived from the members' enrolments
      ['5S', 'Klass', 5, [person(106)]],
      ['FA', 'Klass', 0, [person(107)]],
      ['4A', 'Klass', 4, [person(108), person(109), person(110)]],
      ['Mentorsgrupp Åberg', 'Mentor', null, [person(104), person(105)]],
    ]);
    expect(document.groups[0]).toMatchObject({
      source: 'groups[0]',
      key: group(301),
      schoolUnitKey: BJORKSKOLAN,
      startDate: '2025-08-18',
      endDate: '2026-06-12',
    });
  });

  it('gives principal, mentor and teacher duties, and none of the Sektor Lärande roles', () => {
    expect(
      document.duties.map((item) => [
        item.source,
        item.key,
        item.role,
        item.personKey,
        item.schoolUnitKey,
        item.groupKey,
        item.subject,
        item.startDate,
        item.endDate,
      ]),
    ).toEqual([
      [
        'duties[0].assignmentRole[0]',
        `${duty(401)}:mentor:${group(301)}`,
        'mentor',
        person(209),
        null,
        group(301),
        null,
        '2025-08-18',
        '2026-06-12',
      ],
      [
        'duties[1].assignmentRole[0]',
        `${duty(402)}:mentor:${group(306)}`,
        'mentor',
        person(210),
        null,
        group(306),
        null,
        '2025-08-18',
        null,
      ],
      [
        'duties[2]',
        `${duty(403)}:principal`,
        'principal',
        person(211),
        BJORKSKOLAN,
        null,
        null,
        '2018-01-01',
        null,
      ],
      [
        'duties[3]',
        `${duty(404)}:principal`,
        'principal',
        person(212),
        EKDALSSKOLAN,
        null,
        null,
        '2020-08-01',
        null,
      ],
      [
        'duties[4].assignmentRole[0]',
        `${duty(405)}:mentor:${group(305)}`,
        'mentor',
        person(213),
        null,
        group(305),
        null,
        '2025-08-18',
        '2026-06-12',
      ],
      [
        'activities[0].teachers[0]',
        `${duty(401)}:teacher:${group(301)}:${activity(501)}`,
        'teacher',
        person(209),
        null,
        group(301),
        'Matematik', // from the syllabuses list
        '2025-08-18',
        '2026-06-12',
      ],
      [
        'activities[1].teachers[0]',
        `${duty(402)}:teacher:${group(302)}:${activity(502)}`,
        'teacher',
        person(210),
        null,
        group(302),
        'Svenska', // from the syllabus reference's displayName
        '2025-08-18',
        '2026-06-12',
      ],
    ]);
  });

  it('reports every refused item with its place in the file and a Swedish reason', () => {
    expect(document.rejected).toEqual([
      {
        source: 'persons[8].enrolments[1]',
        reason: `Skolenheten "${organisation(99)}" finns inte i filen.`,
      },
      {
        source: 'persons[9].enrolments[0]',
        reason:
          'Startdatum (startDate) måste vara ett datum på formen ÅÅÅÅ-MM-DD (fick "2022-08-32").',
      },
      { source: 'persons[10]', reason: 'Personnumret har fel kontrollsiffra.' },
      { source: 'persons[11]', reason: 'Efternamn (familyName) saknas.' },
      {
        source: 'groups[4].groupMemberships[3]',
        reason: `Personen "${person(111)}" avvisades (persons[10]).`,
      },
      { source: 'duties[6]', reason: `Personen "${person(999)}" finns inte i filen.` },
    ]);
  });

  it('gives the same document for the same file', async () => {
    await expect(parseSs12000(readFileSync(FIXTURE, 'utf8'))).resolves.toEqual(document);
  });
});

const UNIT = {
  id: 'u1',
  organisationType: 'Skolenhet',
  displayName: 'Björkskolan',
  schoolUnitCode: '81234567',
};

function pupil(id: string, civicNo: string, extra: Record<string, unknown> = {}): object {
  return {
    id,
    givenName: 'Alva',
    familyName: 'Lind',
    civicNo: { value: civicNo, nationality: 'SE' },
    enrolments: [
      { enroledAt: { id: 'u1' }, schoolType: 'GR', schoolYear: 7, startDate: '2019-08-19' },
    ],
    ...extra,
  };
}

function parse(document: object): Promise<ImportDocument> {
  return parseSs12000(JSON.stringify(document));
}

describe('parseSs12000 file-level checks', () => {
  it.each([
    ['not JSON', 'persons;', 'Filen kunde inte läsas: den är inte giltig JSON.'],
    [
      'a JSON array',
      '[]',
      'Filen har fel form: den ska vara ett JSON-objekt med listorna organisations, persons, groups och duties.',
    ],
    [
      'an object without SS 12000 lists',
      '{"elever": []}',
      'Filen innehåller ingen av SS 12000-listorna organisations, persons, groups eller duties.',
    ],
    [
      'a list that is no list',
      '{"persons": "alla"}',
      'Listan "persons" har fel form: den ska vara en lista eller ett objekt med listan i "data".',
    ],
    [
      'one page of several',
      '{"persons": {"data": [], "pageToken": "sida-2"}}',
      'Listan "persons" är bara en sida av flera (pageToken är satt). Hämta alla sidor och lägg dem i en lista.',
    ],
  ])('refuses %s with an ImportFileError', async (_label, content, message) => {
    await expect(parseSs12000(content)).rejects.toThrow(new ImportFileError(message));
  });

  it('throws a DomainError with the validation code', async () => {
    let caught: unknown;
    try {
      await parseSs12000('nej');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImportFileError);
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(ErrorCode.ValidationFailed);
  });

  it('refuses more than 1 000 000 items', async () => {
    const content = JSON.stringify({ persons: Array.from({ length: 1_000_001 }, () => ({})) });
    await expect(parseSs12000(content)).rejects.toThrow(
      new ImportFileError(
        'Filen innehåller för många poster (högst 1 000 000). Dela upp importen.',
      ),
    );
  });

  it('accepts a BOM, plain arrays and absent lists', async () => {
    const document = await parseSs12000(`\uFEFF${JSON.stringify({ organisations: [UNIT] })}`);
    expect(document.schoolUnits).toHaveLength(1);
    expect(document.persons).toEqual([]);
    expect(document.rejected).toEqual([]);
  });
});

describe('parseSs12000 item rules', () => {
  it('keeps the first of two persons with the same id or civic number', async () => {
    const document = await parse({
      organisations: [UNIT],
      persons: [
        pupil('p1', '201203152382'),
        pupil('p1', '201206224170'),
        pupil('p2', '20120315-2382'),
      ],
    });
    expect(document.persons.map((item) => item.key)).toEqual(['p1']);
    expect(document.rejected).toEqual([
      { source: 'persons[1]', reason: 'Id "p1" finns redan på en tidigare post (dubblett).' },
      {
        source: 'persons[2]',
        reason: 'Personnumret finns redan hos en annan person (persons[0]).',
      },
    ]);
  });

  it('refuses unknown security markings, foreign civic numbers and missing civic numbers', async () => {
    const document = await parse({
      persons: [
        pupil('p1', '201203152382', { securityMarking: 'Hemlig', enrolments: [] }),
        pupil('p2', '201206224170', { civicNo: { value: '201206224170', nationality: 'NO' } }),
        pupil('p3', '', { civicNo: undefined }),
      ],
    });
    expect(document.persons).toEqual([]);
    expect(document.rejected).toEqual([
      {
        source: 'persons[0]',
        reason:
          'Okänd skyddsmarkering (securityMarking) "Hemlig". Tillåtna värden: Ingen, Sekretessmarkering, Skyddad folkbokföring.',
      },
      {
        source: 'persons[1]',
        reason: 'Endast svenska personnummer kan tas emot (civicNo.nationality är "NO").',
      },
      { source: 'persons[2]', reason: 'Personnummer (civicNo.value) saknas.' },
    ]);
  });

  it('checks enrolments one by one: school year, period, missing start; cancelled ones vanish', async () => {
    const enrolment = { enroledAt: { id: 'u1' }, schoolType: 'GR', startDate: '2019-08-19' };
    const document = await parse({
      organisations: [UNIT],
      persons: [
        pupil('p1', '201203152382', {
          enrolments: [
            { ...enrolment, schoolYear: 11 },
            { ...enrolment, endDate: '2019-06-01' },
            { ...enrolment, startDate: undefined },
            { ...enrolment, cancelled: true },
            { ...enrolment, schoolType: 'GY', enroledAt: { id: 'okänd' } },
            { ...enrolment, schoolType: 'ANSGR', schoolYear: 3 },
          ],
        }),
      ],
    });
    expect(document.persons[0]?.enrolments).toEqual([
      {
        schoolUnitKey: 'u1',
        schoolForm: 'anpassad grundskola',
        schoolYear: 3,
        startDate: '2019-08-19',
        endDate: null,
      },
    ]);
    expect(document.rejected).toEqual([
      {
        source: 'persons[0].enrolments[0]',
        reason: 'Årskurs (schoolYear) måste vara ett heltal 0–10 (fick "11").',
      },
      {
        source: 'persons[0].enrolments[1]',
        reason: 'Slutdatum (2019-06-01) är före startdatum (2019-08-19).',
      },
      { source: 'persons[0].enrolments[2]', reason: 'Startdatum (startDate) saknas.' },
    ]);
  });

  it('refuses a school unit with a malformed code, and says so where it is referred to', async () => {
    const document = await parse({
      organisations: [{ ...UNIT, schoolUnitCode: '1234' }],
      persons: [pupil('p1', '201203152382')],
      groups: [{ id: 'g1', groupType: 'Klass', displayName: '7A', organisation: { id: 'u1' } }],
    });
    expect(document.schoolUnits).toEqual([]);
    expect(document.groups).toEqual([]);
    expect(document.rejected).toEqual([
      {
        source: 'organisations[0]',
        reason: 'Skolenhetskoden (schoolUnitCode) måste vara åtta siffror (fick "1234").',
      },
      {
        source: 'persons[0].enrolments[0]',
        reason: 'Skolenheten "u1" avvisades (organisations[0]).',
      },
      { source: 'groups[0]', reason: 'Skolenheten "u1" avvisades (organisations[0]).' },
    ]);
  });

  it('refuses responsibles without relation type or with an unknown guardian', async () => {
    const document = await parse({
      persons: [
        pupil('p1', '201203152382', {
          responsibles: [
            { person: { id: 'g1' } },
            { person: { id: 'okänd' }, relationType: 'Vårdnadshavare' },
            { person: { id: 'okänd' }, relationType: 'God man' },
            { person: { id: 'p1' }, relationType: 'Vårdnadshavare' },
          ],
        }),
        pupil('g1', '198206112842', { enrolments: [] }),
      ],
    });
    expect(document.persons.map((item) => item.guardianOf)).toEqual([[], []]);
    expect(document.rejected).toEqual([
      {
        source: 'persons[0].enrolments[0]',
        reason: 'Skolenheten "u1" finns inte i filen.',
      },
      {
        source: 'persons[0].responsibles[0]',
        reason:
          'Relationstyp (relationType) saknas, så det framgår inte om personen är vårdnadshavare.',
      },
      {
        source: 'persons[0].responsibles[1]',
        reason: 'Vårdnadshavaren "okänd" finns inte i filen.',
      },
      {
        source: 'persons[0].responsibles[3]',
        reason: 'En person kan inte vara sin egen vårdnadshavare.',
      },
    ]);
  });

  it('refuses a principal outside a school unit and mentor assignments to unknown groups', async () => {
    const document = await parse({
      organisations: [UNIT, { id: 'h1', organisationType: 'Huvudman', displayName: 'Kommunen' }],
      persons: [pupil('t1', '197505062864', { enrolments: [] })],
      groups: [
        { id: 'u-grupp', groupType: 'Undervisning', displayName: 'MA', organisation: { id: 'u1' } },
      ],
      duties: [
        { id: 'd1', person: { id: 't1' }, dutyAt: { id: 'h1' }, dutyRole: 'Rektor' },
        {
          id: 'd2',
          person: { id: 't1' },
          dutyAt: { id: 'h1' },
          dutyRole: 'Lärare',
          assignmentRole: [
            { group: { id: 'okänd' }, assignmentRoleType: 'Mentor' },
            { group: { id: 'u-grupp' }, assignmentRoleType: 'Mentor' },
            { group: { id: 'okänd' }, assignmentRoleType: 'Elevhälsopersonal' },
            { group: { id: 'okänd' } },
          ],
        },
      ],
    });
    expect(document.duties).toEqual([]);
    expect(document.rejected).toEqual([
      {
        source: 'duties[0]',
        reason: 'En rektors tjänst (dutyAt) måste vara knuten till en skolenhet.',
      },
      { source: 'duties[1].assignmentRole[0]', reason: 'Gruppen "okänd" finns inte i filen.' },
      {
        source: 'duties[1].assignmentRole[3]',
        reason: 'Uppdragstyp (assignmentRoleType) saknas.',
      },
    ]);
  });

  it('takes teachers only from teaching activities, with a subject or none', async () => {
    const document = await parse({
      organisations: [UNIT],
      persons: [pupil('p1', '201203152382'), pupil('t1', '197505062864', { enrolments: [] })],
      groups: [
        {
          id: 'g1',
          groupType: 'Klass',
          displayName: '7A',
          organisation: { id: 'u1' },
          groupMemberships: [{ person: { id: 'p1' } }],
        },
      ],
      duties: [{ id: 'd1', person: { id: 't1' }, dutyAt: { id: 'u1' }, dutyRole: 'Lärare' }],
      activities: [
        { id: 'a1', groups: [{ id: 'g1' }], teachers: [{ duty: { id: 'd1' } }] },
        {
          id: 'a2',
          activityType: 'Elevaktivitet',
          groups: [{ id: 'g1' }],
          teachers: [{ duty: { id: 'd1' } }],
        },
        { id: 'a3', groups: [{ id: 'okänd' }], teachers: [{ duty: { id: 'okänd' } }] },
      ],
    });
    expect(document.duties).toEqual([
      {
        source: 'activities[0].teachers[0]',
        key: 'd1:teacher:g1:a1',
        personKey: 't1',
        role: 'teacher',
        schoolUnitKey: null,
        groupKey: 'g1',
        pupilKey: null,
        subject: null,
        startDate: null,
        endDate: null,
      },
    ]);
    expect(document.groups[0]?.schoolYear).toBe(7);
    expect(document.rejected).toEqual([
      { source: 'activities[2].groups[0]', reason: 'Gruppen "okänd" finns inte i filen.' },
      { source: 'activities[2].teachers[0]', reason: 'Tjänsten "okänd" finns inte i filen.' },
    ]);
  });

  it('treats __proto__ in the file as plain data', async () => {
    const document = await parseSs12000(
      '{"organisations": [{"id": "u1", "organisationType": "Skolenhet", "displayName": "Björkskolan"}],' +
        '"persons": [' +
        '{"id": "__proto__", "givenName": "Alva", "familyName": "Lind", "civicNo": {"value": "201203152382"}},' +
        '{"id": "p2", "__proto__": {"givenName": "Elias"}, "familyName": "Berg", "civicNo": {"value": "201206224170"}}],' +
        '"groups": [{"id": "g1", "groupType": "Klass", "displayName": "7A", "organisation": {"id": "u1"},' +
        '"groupMemberships": [{"person": {"id": "__proto__"}}, {"person": {"id": "constructor"}}]}]}',
    );
    expect(document.persons.map((item) => item.key)).toEqual(['__proto__']);
    expect(document.groups[0]?.memberKeys).toEqual(['__proto__']);
    expect(document.rejected).toEqual([
      { source: 'persons[1]', reason: 'Förnamn (givenName) saknas.' },
      {
        source: 'groups[0].groupMemberships[1]',
        reason: 'Personen "constructor" finns inte i filen.',
      },
    ]);
    expect(({} as Record<string, unknown>).givenName).toBeUndefined();
  });
});

describe('readSs12000Stream', () => {
  /** A reader that notes what it is told, in order. */
  function recorder(): { events: string[]; reader: ImportStreamReader } {
    const events: string[] = [];
    return {
      events,
      reader: {
        rejected: (item) => void events.push(`rejected ${item.source}`),
        organisations: (municipalities, units, expected) => {
          events.push(`organisations ${units.map((unit) => unit.key).join(',')} of ${expected}`);
          return Promise.resolve();
        },
        person: (item) => {
          events.push(`person ${item.key}`);
          return Promise.resolve();
        },
      },
    };
  }

  it('resolves references to persons that come later in the file: a guardian after the child, a class before the persons', async () => {
    const file = {
      groups: [
        {
          id: 'g1',
          groupType: 'Klass',
          displayName: '7A',
          organisation: { id: 'u1' },
          groupMemberships: [{ person: { id: 'p1' } }, { person: { id: 'p2' } }],
        },
      ],
      persons: [
        pupil('p1', '201203152382', {
          responsibles: [
            { person: { id: 'v1' }, relationType: 'Vårdnadshavare' },
            { person: { id: 'v9' }, relationType: 'Vårdnadshavare' },
          ],
        }),
        pupil('p2', '201206224170'),
        pupil('v1', '198206112842', { enrolments: [] }),
      ],
      organisations: [UNIT],
    };
    const { events, reader } = recorder();

    const rest = await readSs12000Stream(() => [Buffer.from(JSON.stringify(file))]).read(reader);

    expect(events).toEqual([
      'organisations u1 of 5',
      'person p1',
      'person p2',
      'person v1',
      'rejected persons[0].responsibles[1]',
    ]);
    expect(rest.guardianships).toEqual([
      { source: 'persons[0]', pupilKey: 'p1', guardianKeys: ['v1'] },
      { source: 'persons[1]', pupilKey: 'p2', guardianKeys: [] },
    ]);
    expect(rest.groups).toMatchObject([{ key: 'g1', memberKeys: ['p1', 'p2'], schoolYear: 7 }]);
  });

  it('hands each person on as it is read, before the rest of the file is read', async () => {
    const persons = Array.from({ length: 40 }, (_, n) =>
      pupil(`p${n}`, n % 2 === 0 ? '201203152382' : '201206224170'),
    );
    const bytes = Buffer.from(JSON.stringify({ organisations: [UNIT], persons }));
    let chunksThisPass = 0;
    const source = function* (): Generator<Uint8Array> {
      chunksThisPass = 0;
      for (let at = 0; at < bytes.length; at += 64) {
        chunksThisPass += 1;
        yield bytes.subarray(at, at + 64);
      }
    };
    const readWhenHanded: number[] = [];

    await readSs12000Stream(source).read({
      rejected: () => {},
      organisations: () => Promise.resolve(),
      person: () => {
        readWhenHanded.push(chunksThisPass);
        return Promise.resolve();
      },
    });

    expect(readWhenHanded).toHaveLength(2);
    expect(readWhenHanded[0]).toBeLessThan(Math.ceil(bytes.length / 64) / 2);
  });
});
