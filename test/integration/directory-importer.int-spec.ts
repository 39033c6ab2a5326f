import { DirectoryImporter } from '../../src/directory/directory-importer';
import type { DirectoryTables } from '../../src/directory/directory.entities';
import type { ImportDocument, PersonItem } from '../../src/directory/import/import-document';
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
