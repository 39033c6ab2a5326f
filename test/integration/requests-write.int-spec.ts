import { randomUUID } from 'node:crypto';

import { ReviewerAccounts } from '../../src/auth/reviewer-accounts.queries';
import { StaffDuty } from '../../src/directory/directory.entities';
import { StaffNames } from '../../src/directory/staff-names.queries';
import { RequestPlans } from '../../src/plans/request-plans.queries';
import { RequestRecords } from '../../src/records/request-records.queries';
import { SchoolLeavingQueries } from '../../src/directory/school-leaving.queries';
import { RecordsService } from '../../src/records/records.service';
import type { RequestsTables } from '../../src/requests/requests.entities';
import { findItem, jsonb, lockRequest } from '../../src/requests/review-support';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

describe('the requests write side’s queries', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  it('names accounts and finds only enabled reviewers', async () => {
    const person = await db.given.person({ givenName: 'Rut', familyName: 'Berg' });
    const other = await db.given.person({ givenName: 'Olle', familyName: 'Ek' });
    const account = await db.given.account(person.id);
    const teacher = await db.given.account(other.id);
    const em = db.em();
    em.create(StaffDuty, {
      id: randomUUID(),
      externalId: `duty-${randomUUID()}`,
      personId: person.id,
      role: 'reviewer',
      schoolUnitId: null,
      groupId: null,
      pupilId: null,
      subject: null,
      startDate: null,
      endDate: null,
      updatedAt: new Date(),
    });
    await em.flush();
    const accounts = new ReviewerAccounts(new StaffNames());

    expect(await accounts.namesOf(db.em(), [account.id, teacher.id, randomUUID()])).toEqual(
      new Map([
        [account.id, 'Rut Berg'],
        [teacher.id, 'Olle Ek'],
      ]),
    );
    expect(await accounts.findReviewer(db.em(), account.id)).toEqual({
      id: account.id,
      name: 'Rut Berg',
    });
    expect(await accounts.findReviewer(db.em(), teacher.id)).toBeNull();
  });

  it('finds records by registration number and describes them; plans by period', async () => {
    const pupil = await db.given.pupil();
    const plan = await db.given.plan(pupil.id, (await db.given.schoolUnit()).id);
    const records = new RequestRecords();
    const registered = await db.em().transactional(async (em) =>
      new RecordsService(db.config).registerRecord(
        em,
        {
          series: 'IUP',
          title: 'Individuell utvecklingsplan',
          pupilId: pupil.id,
          schoolUnitId: plan.schoolUnitId,
          documentDate: '2026-10-01',
          confidentialityMarking: null,
          leftSchoolOn: await new SchoolLeavingQueries().findLeavingDate(em, pupil.id),
        },
        new Date(),
      ),
    );

    expect(await records.findIdByRegistrationNumber(db.em(), registered.registrationNumber)).toBe(
      registered.id,
    );
    expect(await records.findIdByRegistrationNumber(db.em(), 'IUP-1999-00001')).toBeNull();
    expect((await records.describe(db.em(), [registered.id])).get(registered.id)).toEqual({
      id: registered.id,
      registrationNumber: registered.registrationNumber,
      title: 'Individuell utvecklingsplan',
      pupilId: pupil.id,
    });
    expect(await new RequestPlans().periodsOf(db.em(), [plan.id])).toEqual(
      new Map([[plan.id, '2026/27']]),
    );
  });

  it('locks and reads a request and its items, with jsonb written as jsonb', async () => {
    const request = await db.given.request();
    const itemId = randomUUID();
    await db
      .em()
      .getKysely<RequestsTables>()
      .insertInto('records_request_item')
      .values({
        id: itemId,
        request_id: request.id,
        record_id: null,
        plan_id: null,
        kind: 'draft',
        source: 'matched',
        decision: 'no_public_record',
        redactions: jsonb([{ fieldId: 'talk.participants', ground: 'OSL 23:2' }]),
        refusal_ground: null,
        reasons: 'Ett utkast',
        decided_by_account_id: null,
        decided_at: null,
        created_at: new Date(),
      })
      .execute();

    const locked = await db.em().transactional((em) => lockRequest(em, request.id));
    expect(locked.registration_number).toBe(request.registrationNumber);
    expect(locked.status).toBe('received');
    const item = await findItem(db.em(), request.id, itemId);
    expect(item.redactions).toEqual([{ fieldId: 'talk.participants', ground: 'OSL 23:2' }]);
    await expect(findItem(db.em(), randomUUID(), itemId)).rejects.toThrow(
      'Handlingen finns inte i den här begäran.',
    );
  });
});
