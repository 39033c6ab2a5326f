import { randomUUID } from 'node:crypto';

import { ImportReportRows, storeReport } from '../../src/directory/directory-import-report-rows';
import { DirectoryImporter, ReportInMemory } from '../../src/directory/directory-importer';
import type { DirectoryTables } from '../../src/directory/directory.entities';
import type { ImportDocument, PersonItem } from '../../src/directory/import/import-document';
import { readSs12000Stream } from '../../src/directory/import/ss12000.parser';
import type { AuthTables } from '../../src/auth/auth.entities';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

function person(key: string, civicNo: string, fields: Partial<PersonItem> = {}): PersonItem {
  return {
    source: `persons[${key}]`,
    key,
    civicNo,
    givenName: 'Åsa',
    familyName: 'Öberg',
    securityMarking: 'Ingen',
    email: null,
    enrolments: [],
    guardianOf: [],
    ...fields,
  };
}

function document(
  changes: { endDate?: string | null; className?: string; members?: string[] } = {},
): ImportDocument {
  return {
    format: 'ss12000',
    municipalities: [
      { source: 'org[0]', key: 'org-1', name: 'Lerums kommun', organisationNumber: '2120001488' },
    ],
    schoolUnits: [
      {
        source: 'org[1]',
        key: 'unit-1',
        municipalityKey: 'org-1',
        name: 'Ekskolan',
        schoolUnitCode: '12345678',
      },
      {
        source: 'org[2]',
        key: 'unit-2',
        municipalityKey: null,
        name: 'Aspskolan',
        schoolUnitCode: null,
      },
    ],
    persons: [
      person('pupil-1', '201501012383', {
        givenName: 'Nils',
        enrolments: [
          {
            schoolUnitKey: 'unit-1',
            schoolForm: 'grundskola',
            schoolYear: 4,
            startDate: '2021-08-17',
            endDate: changes.endDate ?? null,
          },
        ],
      }),
      person('guardian-1', '198001012384', { guardianOf: ['pupil-1'] }),
      person('teacher-1', '197001012385', { givenName: 'Åsa' }),
    ],
    groups: [
      {
        source: 'groups[0]',
        key: 'group-1',
        schoolUnitKey: 'unit-1',
        name: changes.className ?? '4A',
        groupType: 'Klass',
        schoolYear: 4,
        startDate: '2024-08-19',
        endDate: null,
        memberKeys: changes.members ?? ['pupil-1'],
      },
    ],
    duties: [
      {
        source: 'duties[0]',
        key: 'duty-1',
        personKey: 'teacher-1',
        role: 'teacher',
        schoolUnitKey: 'unit-1',
        groupKey: 'group-1',
        pupilKey: null,
        subject: 'MA',
        startDate: '2024-08-01',
        endDate: null,
      },
      {
        source: 'duties[1]',
        key: 'duty-2',
        personKey: 'nobody',
        role: 'mentor',
        schoolUnitKey: null,
        groupKey: null,
        pupilKey: null,
        subject: null,
        startDate: null,
        endDate: null,
      },
    ],
    rejected: [],
  };
}

describe('DirectoryImporter against PostgreSQL', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  const apply = (doc: ImportDocument) =>
    new DirectoryImporter(db.em(), 'Lerums kommun', undefined, () => new Date()).apply(doc);

  it('creates, then finds nothing to change, then updates only what changed', async () => {
    const first = await apply(document());
    expect(first.map((entry) => [entry.source, entry.outcome])).toEqual([
      ['org[0]', 'created'],
      ['org[1]', 'created'],
      ['org[2]', 'created'],
      ['persons[pupil-1]', 'created'],
      ['persons[guardian-1]', 'created'],
      ['persons[teacher-1]', 'created'],
      ['groups[0]', 'created'],
      ['persons[pupil-1]', 'updated'],
      ['duties[0]', 'created'],
      ['duties[1]', 'rejected'],
    ]);
    expect(first.at(-1)?.reason).toBe(
      'Uppdraget hänvisar till en person som inte finns i filen (nobody).',
    );

    const kysely = db.em().getKysely<AuthTables>();
    const usernames = await kysely
      .selectFrom('account')
      .select('username')
      .orderBy('username')
      .execute();
    expect(usernames.map((row) => row.username)).toEqual(['asa.oberg', 'asa.oberg2', 'nils.oberg']);

    const again = await apply(document());
    expect(
      again.filter((entry) => entry.outcome !== 'unchanged').map((entry) => entry.source),
    ).toEqual(['duties[1]']);

    const changed = await apply(document({ endDate: '2026-06-12', className: '5A', members: [] }));
    expect(changed.filter((entry) => entry.outcome === 'updated')).toEqual([
      { source: 'persons[pupil-1]', kind: 'person', outcome: 'updated', changes: ['inskrivning'] },
      { source: 'groups[0]', kind: 'grupp', outcome: 'updated', changes: ['namn', 'medlemmar'] },
    ]);
    const directory = db.em().getKysely<DirectoryTables>();
    const enrolment = await directory
      .selectFrom('enrolment')
      .select(['end_date', 'school_year'])
      .executeTakeFirstOrThrow();
    expect(enrolment).toEqual({ end_date: '2026-06-12', school_year: 4 });
    expect(await directory.selectFrom('group_membership').selectAll().execute()).toEqual([]);
    expect(await directory.selectFrom('guardianship').select('guardian_id').execute()).toHaveLength(
      1,
    );
    const units = await directory
      .selectFrom('school_unit as su')
      .innerJoin('municipality as m', 'm.id', 'su.municipality_id')
      .select(['su.name', 'm.external_id'])
      .orderBy('su.name')
      .execute();
    expect(units).toEqual([
      { name: 'Aspskolan', external_id: 'default' },
      { name: 'Ekskolan', external_id: 'org-1' },
    ]);
  });
});

describe('DirectoryImporter, a chunk at a time', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  const apply = (doc: ImportDocument) =>
    new DirectoryImporter(db.em(), 'Lerums kommun', undefined, () => new Date()).apply(doc);

  const civicNo = (serial: number): string => {
    // 2015-01-01 onwards, a valid check digit (Luhn over the ten digits).
    const date = new Date(Date.UTC(2015, 0, 1) + Math.floor(serial / 900) * 86_400_000);
    const ten = `${date.toISOString().slice(2, 10).replaceAll('-', '')}${String(100 + (serial % 900)).padStart(3, '0')}`;
    let sum = 0;
    for (let i = 0; i < 9; i += 1) {
      const product = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
      sum += product > 9 ? product - 9 : product;
    }
    return `20${ten.slice(0, 9)}${(10 - (sum % 10)) % 10}`;
  };

  const many = (count: number, extra: PersonItem[] = []): ImportDocument => ({
    format: 'ss12000',
    municipalities: [],
    schoolUnits: [],
    persons: [
      ...Array.from({ length: count }, (_, index) =>
        person(`p-${index}`, civicNo(index), { givenName: 'Erik', familyName: 'Johansson' }),
      ),
      ...extra,
    ],
    groups: [],
    duties: [],
    rejected: [],
  });

  it('numbers usernames across chunks as one person at a time would', async () => {
    const report = await apply(many(2300));
    expect(report.every((entry) => entry.outcome === 'created')).toBe(true);
    const names = await db
      .em()
      .getKysely<AuthTables>()
      .selectFrom('account')
      .select('username')
      .where('username', 'like', 'erik.johansson%')
      .execute();
    const expected = [
      'erik.johansson',
      ...Array.from({ length: 2299 }, (_, i) => `erik.johansson${i + 2}`),
    ];
    expect(names.map((row) => row.username).sort()).toEqual(expected.sort());

    const again = await apply(many(2300));
    expect(again.every((entry) => entry.outcome === 'unchanged')).toBe(true);
  });

  it('refuses only the item the database refuses, and writes the rest of its chunk', async () => {
    // A new person whose source id another person already has: the set's insert conflicts,
    // the chunk is written item by item, and only that person is refused.
    const clash = person('p-5', civicNo(5000), { givenName: 'Krock' });
    const fresh = person('p-new', civicNo(5001), { givenName: 'Ny' });
    const report = await apply(many(10, [clash, fresh]));
    expect(report.slice(-2)).toEqual([
      {
        source: 'persons[p-5]',
        kind: 'rad',
        outcome: 'rejected',
        reason: 'Raden kunde inte sparas (den strider mot en annan uppgift i katalogen).',
      },
      { source: 'persons[p-new]', kind: 'person', outcome: 'created' },
    ]);
    const directory = db.em().getKysely<DirectoryTables>();
    const rows = await directory
      .selectFrom('person')
      .select('given_name')
      .where('civic_no', 'in', [civicNo(5000), civicNo(5001)])
      .execute();
    expect(rows.map((row) => row.given_name)).toEqual(['Ny']);
    // The usernames after an item-by-item chunk still follow on without a clash.
    const next = await apply(
      many(10, [person('p-later', civicNo(5002), { givenName: 'Erik', familyName: 'Johansson' })]),
    );
    expect(next.at(-1)).toEqual({ source: 'persons[p-later]', kind: 'person', outcome: 'created' });
  });

  it('links nothing of a later phase to the row whose key a refused person has', async () => {
    // p-20 is in the directory (an earlier file); this file's p-20 has another civic number, so
    // the database refuses it. The class naming p-20 must not reach the earlier p-20's row,
    // although the later phases read persons' ids by their key.
    const clash = person('p-20', civicNo(6000), { givenName: 'Krock' });
    const report = await apply({
      ...many(10, [clash]),
      schoolUnits: [
        {
          source: 'org[0]',
          key: 'unit-c',
          municipalityKey: null,
          name: 'Krockskolan',
          schoolUnitCode: null,
        },
      ],
      groups: [
        {
          source: 'groups[0]',
          key: 'group-c',
          schoolUnitKey: 'unit-c',
          name: '5C',
          groupType: 'Klass',
          schoolYear: 5,
          startDate: null,
          endDate: null,
          memberKeys: ['p-1', 'p-20'],
        },
        {
          source: 'groups[1]',
          key: 'group-d',
          schoolUnitKey: 'unit-c',
          name: '5D',
          groupType: 'Klass',
          schoolYear: 5,
          startDate: null,
          endDate: null,
          memberKeys: ['p-1', 'p-2'],
        },
      ],
    });
    expect(report.filter((entry) => entry.source === 'persons[p-20]')).toEqual([
      {
        source: 'persons[p-20]',
        kind: 'rad',
        outcome: 'rejected',
        reason: 'Raden kunde inte sparas (den strider mot en annan uppgift i katalogen).',
      },
    ]);
    expect(report.filter((entry) => entry.source.startsWith('groups'))).toEqual([
      {
        source: 'groups[0]',
        kind: 'rad',
        outcome: 'rejected',
        reason: 'Gruppen har en medlem som inte finns i filen (p-20).',
      },
      { source: 'groups[1]', kind: 'grupp', outcome: 'created' },
    ]);
    const directory = db.em().getKysely<DirectoryTables>();
    const members = await directory
      .selectFrom('group_membership as m')
      .innerJoin('student_group as g', 'g.id', 'm.group_id')
      .innerJoin('person as p', 'p.id', 'm.person_id')
      .select(['g.external_id as group', 'p.external_id as person'])
      .where('g.external_id', 'in', ['group-c', 'group-d'])
      .orderBy('p.external_id')
      .execute();
    expect(members).toEqual([
      { group: 'group-d', person: 'p-1' },
      { group: 'group-d', person: 'p-2' },
    ]);
  });

  it('writes a class and its members, and the guardians, as sets; a second file changes only what differs', async () => {
    const base = many(30);
    const unit = {
      source: 'org[0]',
      key: 'unit-s',
      municipalityKey: null,
      name: 'Sets skola',
      schoolUnitCode: null,
    };
    const withLinks = (members: string[], guardianOf: string[]): ImportDocument => ({
      ...base,
      schoolUnits: [unit],
      persons: [
        ...base.persons.map((item) => ({
          ...item,
          enrolments: [
            {
              schoolUnitKey: 'unit-s',
              schoolForm: 'grundskola' as const,
              schoolYear: 3,
              startDate: '2024-08-19',
              endDate: null,
            },
          ],
        })),
        person('g-1', '198001012384', { givenName: 'Vårdnads', guardianOf }),
      ],
      groups: [
        {
          source: 'groups[0]',
          key: 'group-s',
          schoolUnitKey: 'unit-s',
          name: '3A',
          groupType: 'Klass',
          schoolYear: 3,
          startDate: null,
          endDate: null,
          memberKeys: members,
        },
        {
          source: 'groups[1]',
          key: 'group-t',
          schoolUnitKey: 'unit-s',
          name: '3B',
          groupType: 'Klass',
          schoolYear: 3,
          startDate: null,
          endDate: null,
          memberKeys: ['p-0', 'nobody'],
        },
      ],
    });
    const first = await apply(withLinks(['p-1', 'p-2', 'p-3'], ['p-1', 'p-2']));
    expect(first.find((entry) => entry.source === 'groups[1]')).toEqual({
      source: 'groups[1]',
      kind: 'rad',
      outcome: 'rejected',
      reason: 'Gruppen har en medlem som inte finns i filen (nobody).',
    });
    const second = await apply(withLinks(['p-1', 'p-4'], ['p-2']));
    expect(second.filter((entry) => entry.outcome === 'updated')).toEqual([
      { source: 'groups[0]', kind: 'grupp', outcome: 'updated', changes: ['medlemmar'] },
      {
        source: 'persons[p-1]',
        kind: 'vårdnadshavare',
        outcome: 'updated',
        changes: ['vårdnadshavare'],
      },
    ]);
    const directory = db.em().getKysely<DirectoryTables>();
    const members = await directory
      .selectFrom('group_membership as gm')
      .innerJoin('student_group as g', 'g.id', 'gm.group_id')
      .innerJoin('person as p', 'p.id', 'gm.person_id')
      .select('p.external_id')
      .where('g.external_id', '=', 'group-s')
      .orderBy('p.external_id')
      .execute();
    expect(members.map((row) => row.external_id)).toEqual(['p-1', 'p-4']);
    const guarded = await directory
      .selectFrom('guardianship as gs')
      .innerJoin('person as p', 'p.id', 'gs.pupil_id')
      .select('p.external_id')
      .execute();
    expect(guarded.map((row) => row.external_id)).toEqual(['p-2']);
  });
});

describe('the import report, written as rows as the import goes', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  it('writes the entries a chunk at a time and stores them as the report, refused items first', async () => {
    const importId = randomUUID();
    const directory = db.em().getKysely<DirectoryTables>();
    await directory
      .insertInto('directory_import')
      .values({
        id: importId,
        requested_by_account_id: null,
        format: 'ss12000',
        file_name: 'katalog.json',
        content_sha256: '0'.repeat(64),
        status: 'running',
        created_at: new Date(),
        started_at: new Date(),
        finished_at: null,
        failure: null,
      })
      .execute();
    const rowCount = async (): Promise<number> => {
      const row = await directory
        .selectFrom('directory_import_report_row')
        .select((eb) => eb.fn.countAll<string>().as('rows'))
        .where('import_id', '=', importId)
        .executeTakeFirstOrThrow();
      return Number(row.rows);
    };
    const rows = new ImportReportRows(db.em(), importId);

    rows.add({ source: 'persons[0]', kind: 'person', outcome: 'created' });
    rows.addRefused({ source: 'persons[1]', kind: 'rad', outcome: 'rejected', reason: 'Nej.' });
    rows.add({
      source: 'groups[0]',
      kind: 'grupp',
      outcome: 'updated',
      changes: ['namn', 'medlemmar'],
    });
    rows.addRefused({ source: 'groups[1]', kind: 'rad', outcome: 'rejected', reason: 'Nej.' });
    await rows.flush(false);
    expect(await rowCount()).toBe(0);
    await rows.flush(true);
    expect(await rowCount()).toBe(4);
    await db.em().transactional((em) => storeReport(em, importId));

    const stored = await directory
      .selectFrom('directory_import')
      .select('report')
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(stored.report).toEqual([
      { source: 'persons[1]', kind: 'rad', outcome: 'rejected', reason: 'Nej.' },
      { source: 'groups[1]', kind: 'rad', outcome: 'rejected', reason: 'Nej.' },
      { source: 'persons[0]', kind: 'person', outcome: 'created' },
      { source: 'groups[0]', kind: 'grupp', outcome: 'updated', changes: ['namn', 'medlemmar'] },
    ]);
    expect(rows.counts).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 2 });
    expect(await rowCount()).toBe(0);
  });
});

describe('DirectoryImporter reading an SS 12000 file as it streams', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  it('writes custody and a class that name persons later in the file', async () => {
    const pupil = (id: string, civicNo: string, responsibles: object[] = []): object => ({
      id,
      givenName: 'Alva',
      familyName: 'Lind',
      civicNo: { value: civicNo, nationality: 'SE' },
      enrolments: [
        { enroledAt: { id: 'u-s' }, schoolType: 'GR', schoolYear: 7, startDate: '2019-08-19' },
      ],
      responsibles,
    });
    const file = {
      groups: [
        {
          id: 'g-s',
          groupType: 'Klass',
          displayName: '7S',
          organisation: { id: 'u-s' },
          groupMemberships: [{ person: { id: 'p-s' } }],
        },
      ],
      persons: [
        pupil('p-s', '201203152382', [{ person: { id: 'v-s' }, relationType: 'Vårdnadshavare' }]),
        { ...pupil('v-s', '198206112842'), enrolments: [] },
      ],
      organisations: [{ id: 'u-s', organisationType: 'Skolenhet', displayName: 'Strömskolan' }],
    };
    const report = new ReportInMemory();

    await new DirectoryImporter(db.em(), 'Lerums kommun', undefined, () => new Date()).read(
      readSs12000Stream(() => [Buffer.from(JSON.stringify(file))]),
      report,
    );

    expect(report.entries().map((entry) => [entry.source, entry.kind, entry.outcome])).toEqual([
      ['organisations[0]', 'skolenhet', 'created'],
      ['persons[0]', 'person', 'created'],
      ['persons[1]', 'person', 'created'],
      ['groups[0]', 'grupp', 'created'],
      ['persons[0]', 'vårdnadshavare', 'updated'],
    ]);
    const directory = db.em().getKysely<DirectoryTables>();
    const guardians = await directory
      .selectFrom('guardianship as gs')
      .innerJoin('person as p', 'p.id', 'gs.pupil_id')
      .innerJoin('person as g', 'g.id', 'gs.guardian_id')
      .select(['p.external_id as pupil', 'g.external_id as guardian'])
      .execute();
    expect(guardians).toEqual([{ pupil: 'p-s', guardian: 'v-s' }]);
    const members = await directory
      .selectFrom('group_membership as gm')
      .innerJoin('person as p', 'p.id', 'gm.person_id')
      .select('p.external_id')
      .execute();
    expect(members.map((row) => row.external_id)).toEqual(['p-s']);
  });
});
