import { SchoolLeavingQueries } from '../../src/directory/school-leaving.queries';
import { RecordsService } from '../../src/records/records.service';
import type { RecordsTables } from '../../src/records/records.entities';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

describe('RecordsService against PostgreSQL', () => {
  let db: MediumDatabase;
  let records: RecordsService;
  const schoolLeaving = new SchoolLeavingQueries();

  beforeAll(async () => {
    db = await openMediumDatabase();
    records = new RecordsService(db.config);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('numbers registrations per series and Swedish year, without gaps', async () => {
    const numbers: string[] = [];
    for (const now of ['2026-06-01T10:00:00Z', '2026-06-02T10:00:00Z', '2026-12-31T23:30:00Z']) {
      numbers.push(
        await db
          .em()
          .transactional((em) => records.nextRegistrationNumber(em, 'BEG', new Date(now))),
      );
    }
    // 23:30 UTC on New Year's Eve is already 2027 in Stockholm.
    expect(numbers).toEqual(['BEG-2026-00001', 'BEG-2026-00002', 'BEG-2027-00001']);
  });

  it('registers a record with its number and no disposal date while the pupil is enrolled', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id });

    const registered = await db.em().transactional(async (em) =>
      records.registerRecord(
        em,
        {
          series: 'IUP',
          title: 'IUP 2026/27',
          pupilId: pupil.id,
          schoolUnitId: unit.id,
          documentDate: '2026-11-20',
          confidentialityMarking: 'OSL 23 kap. 2 §',
          leftSchoolOn: await schoolLeaving.findLeavingDate(em, pupil.id),
        },
        new Date('2026-11-20T12:00:00Z'),
      ),
    );

    expect(registered).toEqual({
      id: expect.any(String),
      registrationNumber: 'IUP-2026-00001',
      disposalDate: null,
    });
    const row = await db
      .em()
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select(['registration_number', 'kind', 'pupil_id', 'document_date', 'disposal_date'])
      .where('id', '=', registered.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      registration_number: 'IUP-2026-00001',
      kind: 'iup',
      pupil_id: pupil.id,
      document_date: '2026-11-20',
      disposal_date: null,
    });
  });

  it('gives a record of a pupil who has left a disposal date', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id, endDate: '2026-06-12' });

    const registered = await db.em().transactional(async (em) =>
      records.registerRecord(
        em,
        {
          series: 'IUP',
          title: 'IUP 2025/26',
          pupilId: pupil.id,
          schoolUnitId: unit.id,
          documentDate: '2026-05-20',
          confidentialityMarking: null,
          leftSchoolOn: await schoolLeaving.findLeavingDate(em, pupil.id),
        },
        new Date('2026-11-20T12:00:00Z'),
      ),
    );

    expect(registered.disposalDate).not.toBeNull();
  });
});
