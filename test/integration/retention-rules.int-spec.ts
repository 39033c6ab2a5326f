import { randomUUID } from 'node:crypto';

import { stockholmToday } from '../../src/common/stockholm';
import type { DirectoryTables } from '../../src/directory/directory.entities';
import { Enrolment } from '../../src/directory/directory.entities';
import {
  pupilDisposalDates,
  SchoolLeavingQueries,
} from '../../src/directory/school-leaving.queries';
import { recomputeDisposalDates } from '../../src/records/disposal-dates';
import { RecordDisposalQueries } from '../../src/records/record-disposal.queries';
import type { RecordsTables } from '../../src/records/records.entities';
import { RecordsService } from '../../src/records/records.service';
import { disposalDate } from '../../src/records/registry-rules';
import { RequestHoldsQueries } from '../../src/requests/request-holds.queries';
import type { RequestForRetention } from '../../src/retention/retention-rules';
import { requestClosedOn, requestDisposalDate } from '../../src/retention/retention-rules';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';
import { RetentionWorld } from './retention-world';

/*
 * The retention rules exist twice: in SQL, for the set-based disposal, and in
 * TypeScript, for the rest. Each case runs through both, against PostgreSQL,
 * and they must agree.
 */
describe('retention rules: SQL and TypeScript agree', () => {
  let db: MediumDatabase;
  let world: RetentionWorld;
  const requests = new RequestHoldsQueries();
  const records = new RecordDisposalQueries();

  beforeAll(async () => {
    db = await openMediumDatabase();
    world = new RetentionWorld(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('gives a pupil the same leaving day and disposal date in SQL as in TypeScript', async () => {
    const years = db.config.retention.yearsAfterLeaving;
    const cases: { name: string; endDates: (string | null)[] }[] = [
      { name: 'left in spring', endDates: ['2026-06-12'] },
      { name: 'left in autumn', endDates: ['2025-11-07'] },
      { name: 'left on New Year’s Eve', endDates: ['2025-12-31'] },
      { name: 'left on New Year’s Day', endDates: ['2026-01-01'] },
      { name: 'left on 29 February', endDates: ['2024-02-29'] },
      { name: 'still enrolled', endDates: [null] },
      { name: 'two schools, the later counts', endDates: ['2025-06-10', '2026-06-12'] },
      { name: 'two schools, the later listed first', endDates: ['2026-06-12', '2025-06-10'] },
      { name: 'autumn and spring across a new year', endDates: ['2025-12-19', '2026-01-08'] },
      { name: 'three schools', endDates: ['2024-06-14', '2026-06-12', '2025-12-19'] },
      { name: 'left one, still at the other', endDates: ['2026-06-12', null] },
      { name: 'still at one, left the other', endDates: [null, '2026-06-12'] },
      { name: 'came back after leaving, left again', endDates: ['2023-06-12', '2026-06-12'] },
      { name: 'came back after leaving, still there', endDates: ['2023-06-12', null] },
    ];
    const registry = new RecordsService(db.config);
    const schoolLeaving = new SchoolLeavingQueries();
    const pupils: {
      name: string;
      pupilId: string;
      recordId: string;
      leftOn: string | null;
      expected: string | null;
    }[] = [];
    for (const { name, endDates } of cases) {
      const unit = await db.given.schoolUnit();
      const pupil = await db.given.pupil({ schoolUnitId: unit.id, endDate: endDates[0] });
      const em = db.em();
      for (const [index, endDate] of endDates.slice(1).entries()) {
        em.create(Enrolment, {
          id: randomUUID(),
          personId: pupil.id,
          schoolUnitId: unit.id,
          schoolForm: 'grundskola',
          schoolYear: 9,
          startDate: `${2021 + index}-08-17`,
          endDate,
          updatedAt: new Date(),
        });
      }
      await em.flush();
      // The rule in TypeScript: the latest end of the enrolments, none while any is open.
      const leftOn = endDates.includes(null)
        ? null
        : endDates.filter((date) => date !== null).reduce((a, b) => (a > b ? a : b));
      const record = await db.em().transactional(async (tx) =>
        registry.registerRecord(
          tx,
          {
            series: 'IUP',
            title: 'IUP',
            pupilId: pupil.id,
            schoolUnitId: unit.id,
            documentDate: '2026-05-20',
            confidentialityMarking: null,
            leftSchoolOn: await schoolLeaving.findLeavingDate(tx, pupil.id),
          },
          new Date('2026-05-20T10:00:00Z'),
        ),
      );
      // Registration takes the leaving day from the directory and works the date out in TypeScript.
      expect({ name, date: record.disposalDate }).toEqual({
        name,
        date: disposalDate(leftOn, years),
      });
      pupils.push({
        name,
        pupilId: pupil.id,
        recordId: record.id,
        leftOn,
        expected: record.disposalDate,
      });
    }
    const pupilIds = pupils.map((pupil) => pupil.pupilId);

    for (const pupil of pupils) {
      expect({
        name: pupil.name,
        leftOn: await schoolLeaving.findLeavingDate(db.em(), pupil.pupilId),
      }).toEqual({ name: pupil.name, leftOn: pupil.leftOn });
    }

    // The SQL form, as disposal joins it, for more than one number of years.
    for (const yearsAfterLeaving of [years, 4, 10]) {
      const rows = await db
        .em()
        .getKysely<DirectoryTables>()
        .selectFrom(pupilDisposalDates(yearsAfterLeaving).as('d'))
        .select(['d.person_id', 'd.disposal_date'])
        .where('d.person_id', 'in', pupilIds)
        .execute();
      for (const pupil of pupils) {
        expect({
          name: pupil.name,
          yearsAfterLeaving,
          date: rows.find((row) => row.person_id === pupil.pupilId)?.disposal_date,
        }).toEqual({
          name: pupil.name,
          yearsAfterLeaving,
          date: disposalDate(pupil.leftOn, yearsAfterLeaving),
        });
      }
    }

    // The recomputation after an import writes the same dates over wrong ones, and only those.
    const recordIds = pupils.map((pupil) => pupil.recordId);
    await db
      .em()
      .getKysely<RecordsTables>()
      .updateTable('public_record')
      .set({ disposal_date: '1999-01-01' })
      .where('id', 'in', recordIds)
      .execute();
    expect(await recomputeDisposalDates(db.em(), pupilDisposalDates(years))).toBe(pupils.length);
    expect(await recomputeDisposalDates(db.em(), pupilDisposalDates(years))).toBe(0);
    const recomputed = await db
      .em()
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select(['id', 'disposal_date'])
      .where('id', 'in', recordIds)
      .execute();
    for (const pupil of pupils) {
      expect({
        name: pupil.name,
        date: recomputed.find((row) => row.id === pupil.recordId)?.disposal_date,
      }).toEqual({ name: pupil.name, date: pupil.expected });
    }
  });

  describe('requests', () => {
    const delivered = new Date('2016-03-01T23:30:00Z'); // 2 March in Stockholm
    const cases: {
      name: string;
      status: 'received' | 'in_review' | 'decided' | 'delivered' | 'withdrawn';
      appeals: (string | null)[];
    }[] = [
      { name: 'received', status: 'received', appeals: [] },
      { name: 'in review', status: 'in_review', appeals: [] },
      { name: 'decided, not delivered', status: 'decided', appeals: [] },
      { name: 'delivered', status: 'delivered', appeals: [] },
      { name: 'withdrawn', status: 'withdrawn', appeals: [] },
      { name: 'delivered, appeal pending', status: 'delivered', appeals: [null] },
      { name: 'delivered, appeal answered', status: 'delivered', appeals: ['2017-09-15'] },
      {
        name: 'delivered, one appeal answered, one pending',
        status: 'delivered',
        appeals: ['2017-09-15', null],
      },
      {
        name: 'delivered, appeals answered in either order',
        status: 'delivered',
        appeals: ['2018-01-10', '2017-05-01'],
      },
    ];
    let made: { name: string; requestId: string; recordId: string; facts: RequestForRetention }[];

    beforeAll(async () => {
      made = [];
      for (const { name, status, appeals } of cases) {
        const { recordIds } = await world.establishedPlan('2020-01-01');
        // A withdrawn request closed on the same instant as the delivered ones went out.
        const deliveredAt = status === 'delivered' || status === 'withdrawn' ? delivered : null;
        const request = await world.request({ recordId: recordIds[0] }, status, deliveredAt);
        for (const decidedOn of appeals) {
          await world.appeal(request.id, decidedOn);
        }
        made.push({
          name,
          requestId: request.id,
          recordId: recordIds[0],
          facts: {
            status,
            deliveredOn: status === 'delivered' ? stockholmToday(delivered) : null,
            closedOn: status === 'withdrawn' ? stockholmToday(delivered) : null,
            appeals: appeals.map((decidedOn) => ({ decidedOn })),
          },
        });
      }
    });

    it('holds a record exactly while requestClosedOn says the request naming it is open', async () => {
      const notHeld = await records.findNotHeld(
        db.em(),
        made.map((request) => request.recordId),
        (recordId) => requests.isRecordHeld(recordId, '2026-12-05'),
      );
      for (const request of made) {
        expect({
          name: request.name,
          held: !notHeld.some((record) => record.id === request.recordId),
        }).toEqual({ name: request.name, held: requestClosedOn(request.facts) === null });
      }
    });

    it.each(['2026-03-01', '2026-03-02', '2027-09-14', '2027-09-15', '2028-01-10', '2040-01-01'])(
      'finds the requests past their retention on %s as requestDisposalDate does',
      async (today) => {
        const years = 10;
        const found = await requests.findClosedRequests(
          db.em(),
          { years, today, limit: 1000 },
          false,
        );
        const ids = new Set(made.map((request) => request.requestId));
        expect(
          found
            .filter((request) => ids.has(request.id))
            .map((request) => made.find((m) => m.requestId === request.id)?.name)
            .sort(),
        ).toEqual(
          made
            .filter((request) => {
              const due = requestDisposalDate(request.facts, years);
              return due !== null && due <= today;
            })
            .map((request) => request.name)
            .sort(),
        );
      },
    );
  });
});
