import { SchoolLeavingQueries } from '../../src/directory/school-leaving.queries';
import { RecordsService } from '../../src/records/records.service';
import type { RegisterRecord } from '../../src/records/records.service';
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

  /** An IUP record of the pupil, registered at `now` as establishing a plan does. */
  const registerIup = (
    pupil: { id: string },
    unit: { id: string },
    now: Date,
    changes: Partial<RegisterRecord> = {},
  ) =>
    db.em().transactional(async (em) =>
      records.registerRecord(
        em,
        {
          series: 'IUP',
          title: 'IUP 2026/27',
          pupilId: pupil.id,
          schoolUnitId: unit.id,
          documentDate: '2026-11-20',
          confidentialityMarking: null,
          leftSchoolOn: await schoolLeaving.findLeavingDate(em, pupil.id),
          ...changes,
        },
        now,
      ),
    );

  const MARKING_COLUMNS = [
    'confidentiality_marking',
    'confidentiality_marked_on',
    'confidentiality_marked_by_account_id',
    'confidentiality_review_on',
  ] as const;

  /** The record's row, these columns of it. */
  const rowOf = <C extends keyof RecordsTables['public_record']>(
    id: string,
    columns: readonly C[],
  ) =>
    db
      .em()
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select(columns)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('registers a record with its number and no disposal date while the pupil is enrolled', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id });
    const mentor = await db.given.account((await db.given.person()).id);

    // 23:30 UTC is already the next day in Stockholm: the marking is dated by the Swedish day.
    const registered = await registerIup(pupil, unit, new Date('2026-11-20T23:30:00Z'), {
      confidentialityMarking: {
        provision: 'OSL 23 kap. 2 §',
        reviewOn: '2027-06-30',
        markedByAccountId: mentor.id,
      },
    });

    expect(registered).toEqual({
      id: expect.any(String),
      registrationNumber: 'IUP-2026-00001',
      disposalDate: null,
    });
    expect(
      await rowOf(registered.id, [
        'registration_number',
        'kind',
        'pupil_id',
        'document_date',
        'disposal_date',
        ...MARKING_COLUMNS,
      ]),
    ).toEqual({
      registration_number: 'IUP-2026-00001',
      kind: 'iup',
      pupil_id: pupil.id,
      document_date: '2026-11-20',
      disposal_date: null,
      confidentiality_marking: 'OSL 23 kap. 2 §',
      confidentiality_marked_on: '2026-11-21',
      confidentiality_marked_by_account_id: mentor.id,
      confidentiality_review_on: '2027-06-30',
    });
  });

  it('changes and removes a marking, and keeps a marking and its date together', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id });
    const reviewer = await db.given.account((await db.given.person()).id);
    const registered = await registerIup(pupil, unit, new Date('2026-11-20T12:00:00Z'));

    const marked = await db
      .em()
      .transactional((em) =>
        records.markRecord(
          em,
          registered.id,
          { provision: 'OSL 21 kap. 3 §', reviewOn: null, markedByAccountId: reviewer.id },
          new Date('2026-12-05T09:00:00Z'),
        ),
      );
    expect(marked).toEqual({
      registrationNumber: registered.registrationNumber,
      pupilId: pupil.id,
    });
    expect(await rowOf(registered.id, MARKING_COLUMNS)).toEqual({
      confidentiality_marking: 'OSL 21 kap. 3 §',
      confidentiality_marked_on: '2026-12-05',
      confidentiality_marked_by_account_id: reviewer.id,
      confidentiality_review_on: null,
    });

    await db.em().transactional((em) => records.markRecord(em, registered.id, null, new Date()));
    expect(await rowOf(registered.id, MARKING_COLUMNS)).toEqual({
      confidentiality_marking: null,
      confidentiality_marked_on: null,
      confidentiality_marked_by_account_id: null,
      confidentiality_review_on: null,
    });

    // The table itself refuses a marking without its date, and a review date without a marking.
    const table = db.em().getKysely<RecordsTables>();
    const refused = [
      [
        { confidentiality_marking: 'OSL 23 kap. 2 §' },
        'public_record_confidentiality_marked_on_check',
      ],
      [
        { confidentiality_review_on: '2027-01-01' },
        'public_record_confidentiality_review_on_check',
      ],
    ] as const;
    for (const [change, constraint] of refused) {
      await expect(
        table.updateTable('public_record').set(change).where('id', '=', registered.id).execute(),
      ).rejects.toThrow(constraint);
    }
    expect(
      await db
        .em()
        .transactional((em) =>
          records.markRecord(em, '00000000-0000-4000-8000-000000000000', null, new Date()),
        ),
    ).toBeNull();
  });

  it('gives a record of a pupil who has left a disposal date', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id, endDate: '2026-06-12' });

    const registered = await registerIup(pupil, unit, new Date('2026-11-20T12:00:00Z'), {
      title: 'IUP 2025/26',
      documentDate: '2026-05-20',
    });

    expect(registered.disposalDate).not.toBeNull();
  });
});
