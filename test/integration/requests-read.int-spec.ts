import { randomUUID } from 'node:crypto';

import { sql } from 'kysely';

import { StaffAccountsQueries } from '../../src/auth/staff-accounts.queries';
import { StaffDuty } from '../../src/directory/directory.entities';
import { PersonNamesQueries } from '../../src/directory/person-names.queries';
import { matchingDraftPlanIds, PlanSummariesQueries } from '../../src/plans/plan-summaries.queries';
import { RecordSummariesQueries } from '../../src/records/record-summaries.queries';
import { SchoolLeavingQueries } from '../../src/directory/school-leaving.queries';
import { RecordsService } from '../../src/records/records.service';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

/*
 * The owner-side reads the requests module's read side goes through (names for
 * its pages, the reviewers, alert recipients, the plans a request matches):
 * each a typed query on the owner's tables, checked against the real schema.
 */
describe("the requests read side's queries of other modules", () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  async function reviewer(
    givenName: string,
    endDate: string | null = null,
  ): Promise<{ accountId: string; personId: string }> {
    const person = await db.given.person({ givenName, familyName: 'Granskare' });
    const account = await db.given.account(person.id);
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
      endDate,
      updatedAt: new Date(),
    });
    await em.flush();
    return { accountId: account.id, personId: person.id };
  }

  it('names persons and school units by id, with the protected-identity signal', async () => {
    const unit = await db.given.schoolUnit({ name: 'Ekskolan' });
    const pupil = await db.given.person({
      givenName: 'Sara',
      familyName: 'Ek',
      securityMarking: 'Sekretessmarkering',
    });
    const names = new PersonNamesQueries(db.orm.em);

    const [persons, units] = await Promise.all([
      names.findPersonNames([pupil.id, pupil.id, randomUUID()]),
      names.findSchoolUnitNames([unit.id]),
    ]);

    expect([...persons]).toEqual([
      [pupil.id, { name: 'Sara Ek', securityMarking: 'Sekretessmarkering' }],
    ]);
    expect([...units]).toEqual([[unit.id, 'Ekskolan']]);
    expect(await names.findPersonNames([])).toEqual(new Map());
  });

  it('names accounts and lists the enabled reviewers by name', async () => {
    const bo = await reviewer('Bo');
    const ada = await reviewer('Ada', '2020-01-01');
    const staff = new StaffAccountsQueries(db.orm.em);

    const names = await staff.findNames([bo.accountId, null, ada.accountId]);
    const reviewers = await staff.findReviewers();

    expect(names).toEqual(
      new Map([
        [bo.accountId, 'Bo Granskare'],
        [ada.accountId, 'Ada Granskare'],
      ]),
    );
    // Any reviewer duty, ended or not, as the hand-over list always showed.
    expect(
      reviewers.filter((each) => [bo.accountId, ada.accountId].includes(each.accountId)),
    ).toEqual([
      { accountId: ada.accountId, name: 'Ada Granskare' },
      { accountId: bo.accountId, name: 'Bo Granskare' },
    ]);
  });

  it('sends alerts to the reviewers still on duty, with the directory’s address', async () => {
    const on = await reviewer('Cilla');
    const ended = await reviewer('Dan', '2020-01-01');
    const staff = new StaffAccountsQueries(db.orm.em);

    const recipients = await db
      .em()
      .transactional((em) =>
        staff.findAlertRecipients(em, { reviewersActiveOn: sql<string>`current_date` }),
      );
    const one = await db
      .em()
      .transactional((em) => staff.findAlertRecipients(em, { accountId: ended.accountId }));

    const ids = recipients.map((each) => each.accountId);
    expect(ids).toContain(on.accountId);
    expect(ids).not.toContain(ended.accountId);
    expect(one).toEqual([{ accountId: ended.accountId, email: null }]);
  });

  it('finds plans and records by id, and the draft plans a request matches', async () => {
    const unit = await db.given.schoolUnit({ name: 'Tallskolan' });
    const pupil = await db.given.pupil({
      givenName: 'Olle',
      familyName: 'Tall',
      schoolUnitId: unit.id,
    });
    const plan = await db.given.plan(pupil.id, unit.id);
    const registered = await db.em().transactional(async (em) =>
      new RecordsService(db.config).registerRecord(
        em,
        {
          series: 'IUP',
          title: 'IUP 2026/27',
          pupilId: pupil.id,
          schoolUnitId: unit.id,
          documentDate: '2026-11-20',
          confidentialityMarking: null,
          leftSchoolOn: await new SchoolLeavingQueries().findLeavingDate(em, pupil.id),
        },
        new Date('2026-11-20T12:00:00Z'),
      ),
    );

    const plans = await new PlanSummariesQueries(db.orm.em).findPlans([plan.id]);
    const records = await new RecordSummariesQueries(db.orm.em).findSummaries([registered.id]);
    const em = db.em();
    const matched = await em
      .getKysely()
      .selectFrom(
        matchingDraftPlanIds(
          em,
          {
            civicNumbers: [],
            namePatterns: ['%olle%', '%tall%'],
            schoolPattern: '%tallskolan%',
            period: '2026/27',
          },
          50,
        ).as('m'),
      )
      .selectAll()
      .execute();
    const unmatched = await em
      .getKysely()
      .selectFrom(
        matchingDraftPlanIds(
          em,
          { civicNumbers: [], namePatterns: ['%olle%'], schoolPattern: null, period: '2019/20' },
          50,
        ).as('m'),
      )
      .selectAll()
      .execute();

    expect(plans.get(plan.id)).toEqual({
      pupilId: pupil.id,
      schoolUnitId: unit.id,
      period: '2026/27',
    });
    expect(records.get(registered.id)).toEqual({
      registrationNumber: registered.registrationNumber,
      title: 'IUP 2026/27',
      marking: null,
      pupilId: pupil.id,
      schoolUnitId: unit.id,
    });
    expect(matched).toEqual([{ plan_id: plan.id }]);
    expect(unmatched).toEqual([]);
  });
});
