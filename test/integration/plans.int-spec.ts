import type { Actor } from '../../src/auth/actor';
import { AuditService } from '../../src/audit/audit.service';
import { DomainError, ErrorCode } from '../../src/common/errors/domain-error';
import { DirectoryQueries } from '../../src/directory/directory.queries';
import { SchoolLeavingQueries } from '../../src/directory/school-leaving.queries';
import { EmailService } from '../../src/email/email.service';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { DEFAULT_PLAN_TEMPLATE } from '../../src/plans/plan-template';
import { PlanTemplatesService } from '../../src/plans/plan-templates.service';
import type { PlansTables } from '../../src/plans/plans.entities';
import { PlanOverviewService } from '../../src/plans/plan-overview.service';
import { PlansService } from '../../src/plans/plans.service';
import { findPlanRecordSource } from '../../src/plans/record-source.queries';
import { RecordsService } from '../../src/records/records.service';
import { findRecordSource } from '../../src/redaction/redaction.service';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

function mentorOf(
  pupilIds: readonly string[],
  personId: string,
  accountId = '00000000-0000-4000-8000-0000000000aa',
): Actor {
  return {
    accountId,
    personId,
    username: 'mentor',
    displayName: 'Mentor',
    roles: new Set(['mentor']),
    guardianOf: new Set(),
    mentorGroupIds: new Set(),
    mentorPupilIds: new Set(pupilIds),
    teacherAssignments: [],
    principalUnitIds: new Set(),
  };
}

const TALK = {
  part: 'talk',
  date: '2026-11-20',
  participants: ['Eleven', 'Mentor'],
  agreements: 'Läsa tjugo minuter varje dag.',
} as const;

describe('PlansService against PostgreSQL', () => {
  let db: MediumDatabase;
  let plans: PlansService;
  let overview: PlanOverviewService;
  let templates: PlanTemplatesService;

  beforeAll(async () => {
    db = await openMediumDatabase();
    const directory = new DirectoryQueries(db.em());
    const audit = new AuditService(db.em());
    templates = new PlanTemplatesService(db.em(), audit, directory);
    plans = new PlansService(
      db.em(),
      directory,
      new SchoolLeavingQueries(),
      new RecordsService(db.config),
      audit,
      templates,
      // Nobody here has opted in to e-mail: no notice is written (notifications' own suites do).
      new NotificationsService(
        db.em(),
        directory,
        new EmailService(db.em(), undefined as never, db.config),
        audit,
        { findOwnEmail: () => Promise.resolve(null) },
        db.config,
      ),
      db.config,
    );
    overview = new PlanOverviewService(db.em(), directory, plans);
  });

  afterAll(async () => {
    await db?.close();
  });

  /** A mentor with an account (the marking they set names it) and a pupil's draft with the talk held. */
  async function draftWithTalk(names: { givenName: string; unitName: string }) {
    const unit = await db.given.schoolUnit({ name: names.unitName });
    const pupil = await db.given.pupil({ givenName: names.givenName, schoolUnitId: unit.id });
    const person = await db.given.person();
    const mentor = mentorOf([pupil.id], person.id, (await db.given.account(person.id)).id);
    const created = await plans.createPlan(mentor, pupil.id, new Date('2026-10-01'));
    await plans.savePart(mentor, created.id, TALK, created.revision);
    return { unit, pupil, mentor, created };
  }

  /** A pupil with a plan established once, through the service. */
  async function establishedPlan(names: { givenName: string; unitName: string }) {
    const { unit, pupil, mentor, created } = await draftWithTalk(names);
    const established = await plans.establishPlan(mentor, created.id, {
      revision: created.revision + 1,
      confidentialityMarking: 'OSL 23 kap. 2 §',
    });
    return { unit, pupil, mentor, plan: established };
  }

  it('registers the mentor’s marking with the day and who set it, and refuses a passed review date', async () => {
    const { mentor, created } = await draftWithTalk({ givenName: 'Signe', unitName: 'Eken' });
    await expect(
      plans.establishPlan(mentor, created.id, {
        revision: created.revision + 1,
        confidentialityMarking: 'OSL 23 kap. 2 §',
        confidentialityReviewOn: '2020-01-01',
      }),
    ).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      fields: [
        { field: 'confidentialityReviewOn', problems: [expect.stringContaining('passerat')] },
      ],
    });
    // Refused as a whole: still a draft, nothing registered.
    expect((await plans.readPlan(mentor, created.id)).state).toBe('draft');

    const established = await plans.establishPlan(mentor, created.id, {
      revision: created.revision + 1,
      confidentialityMarking: 'OSL 21 kap. 3 §',
      confidentialityReviewOn: '2099-06-30',
    });
    const [row] = await db
      .em()
      .getConnection()
      .execute(
        `select r.confidentiality_marking, r.confidentiality_marked_on::text as marked_on,
                r.confidentiality_marked_by_account_id, r.confidentiality_review_on::text as review_on,
                r.confidentiality_marked_on = (now() at time zone 'Europe/Stockholm')::date as today
           from public_record r where r.registration_number = ?`,
        [established.versions[0].registrationNumber],
      );
    expect(row).toEqual({
      confidentiality_marking: 'OSL 21 kap. 3 §',
      marked_on: expect.any(String),
      confidentiality_marked_by_account_id: mentor.accountId,
      review_on: '2099-06-30',
      today: true,
    });
  });

  it('creates, saves and establishes a plan: a registered version, read back with its number', async () => {
    const { pupil, mentor, plan } = await establishedPlan({
      givenName: 'Alma',
      unitName: 'Granskolan',
    });

    expect(plan).toMatchObject({
      pupilId: pupil.id,
      period: '2026/27',
      state: 'established',
      establishedVersion: 1,
      revision: 2,
      draft: null,
      pupilName: 'Alma Lind',
      versions: [
        {
          version: 1,
          talkDate: '2026-11-20',
          establishedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
          registrationNumber: expect.stringMatching(/^IUP-\d{4}-\d{5}$/),
        },
      ],
    });
    expect(plan.template).toEqual(DEFAULT_PLAN_TEMPLATE);

    const version = await plans.readVersion(mentor, plan.id, 1);
    expect(version).toMatchObject({
      changes: null,
      version: 1,
      talkDate: '2026-11-20',
      registrationNumber: plan.versions[0].registrationNumber,
      template: DEFAULT_PLAN_TEMPLATE,
    });
    expect(version.content.talk).toEqual({
      date: '2026-11-20',
      participants: ['Eleven', 'Mentor'],
      agreements: 'Läsa tjugo minuter varje dag.',
    });

    const listed = await plans.listPlans(mentor, pupil.id);
    expect(listed).toEqual([
      {
        id: plan.id,
        pupilId: pupil.id,
        period: '2026/27',
        state: 'established',
        establishedVersion: 1,
        revision: 2,
        updatedAt: expect.any(String),
      },
    ]);
  });

  it('opens the next draft from the newest version and diffs version 2 against 1', async () => {
    const { mentor, plan } = await establishedPlan({ givenName: 'Bror', unitName: 'Almskolan' });

    const reopened = await plans.openNextDraft(mentor, plan.id);
    expect(reopened.state).toBe('draft');
    expect(reopened.draft?.talk.date).toBeNull();

    await plans.savePart(
      mentor,
      plan.id,
      { ...TALK, date: '2026-11-27', agreements: 'Läsa trettio minuter varje dag.' },
      reopened.revision,
    );
    const second = await plans.establishPlan(mentor, plan.id, {
      revision: reopened.revision + 1,
      confidentialityMarking: null,
    });
    expect(second.versions.map((v) => v.version)).toEqual([1, 2]);

    const version = await plans.readVersion(mentor, plan.id, 2);
    expect(version.changes).not.toBeNull();
    expect(version.talkDate).toBe('2026-11-27');
  });

  it('finds the newest plan of each pupil, with the last and the planned talk', async () => {
    const { pupil, mentor, plan } = await establishedPlan({
      givenName: 'Cilla',
      unitName: 'Ekskolan',
    });
    const reopened = await plans.openNextDraft(mentor, plan.id);
    await plans.savePart(mentor, plan.id, { ...TALK, date: '2027-03-01' }, reopened.revision);
    const other = await db.given.pupil();
    const unit = await db.given.schoolUnit();
    const draftOnly = await db.given.plan(other.id, unit.id);

    const latest = await overview.findLatestPlans([pupil.id, other.id]);

    expect(Object.fromEntries(latest)).toEqual({
      [pupil.id]: {
        planId: plan.id,
        period: '2026/27',
        state: 'draft',
        establishedVersion: 1,
        lastTalk: '2026-11-20',
        plannedTalk: '2027-03-01',
      },
      [other.id]: {
        planId: draftOnly.id,
        period: '2026/27',
        state: 'draft',
        establishedVersion: 0,
        lastTalk: null,
        plannedTalk: null,
      },
    });
  });

  it("gives a record's source: the frozen version, the pupil's name and the school unit", async () => {
    const { pupil, plan } = await establishedPlan({ givenName: 'Dana', unitName: 'Lindskolan' });
    const { record_id: recordId } = await db
      .em()
      .getKysely<PlansTables>()
      .selectFrom('plan_version')
      .select('record_id')
      .where('plan_id', '=', plan.id)
      .executeTakeFirstOrThrow();

    const source = await findPlanRecordSource(db.em(), recordId);

    expect(source).toMatchObject({
      recordId,
      registrationNumber: plan.versions[0].registrationNumber,
      pupilId: pupil.id,
      confidentialityMarking: 'OSL 23 kap. 2 §',
      pupilName: 'Dana Lind',
      schoolUnitName: 'Lindskolan',
      period: '2026/27',
      version: 1,
      talkDate: '2026-11-20',
      template: DEFAULT_PLAN_TEMPLATE,
    });
    expect(source?.content.talk.agreements).toBe('Läsa tjugo minuter varje dag.');
    const loaded = await findRecordSource(db.em(), recordId);
    expect(loaded?.document.registrationNumber).toBe(plan.versions[0].registrationNumber);
    expect(await findPlanRecordSource(db.em(), '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('of eight concurrent saves from one revision, one is saved and seven conflict', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id });
    const mentor = mentorOf([pupil.id], (await db.given.person()).id);
    const created = await plans.createPlan(mentor, pupil.id, new Date('2026-10-01'));

    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        plans.savePart(
          mentor,
          created.id,
          { ...TALK, agreements: `Överenskommelse ${i}` },
          created.revision,
        ),
      ),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.flatMap((r): unknown[] => (r.status === 'rejected' ? [r.reason] : []));
    expect(refused).toHaveLength(7);
    for (const error of refused) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCode.Conflict);
    }
    const after = await plans.readPlan(mentor, created.id);
    expect(after.revision).toBe(created.revision + 1);
  });

  it('refuses a second plan for the same period', async () => {
    const unit = await db.given.schoolUnit();
    const pupil = await db.given.pupil({ schoolUnitId: unit.id });
    const mentor = mentorOf([pupil.id], (await db.given.person()).id);
    await plans.createPlan(mentor, pupil.id, new Date('2026-10-01'));

    await expect(plans.createPlan(mentor, pupil.id, new Date('2026-10-02'))).rejects.toMatchObject({
      code: ErrorCode.Conflict,
    });
  });

  it("saves a school unit's template over the previous one and names the unit", async () => {
    const unit = await db.given.schoolUnit({ name: 'Rönnskolan' });
    const principal: Actor = {
      ...mentorOf([], (await db.given.person()).id),
      roles: new Set(['principal']),
      principalUnitIds: new Set([unit.id]),
    };
    expect(await templates.findTemplate(unit.id)).toEqual(DEFAULT_PLAN_TEMPLATE);

    const form = {
      periodKind: 'term',
      subjects: 'Svenska\nMatematik',
      scale: DEFAULT_PLAN_TEMPLATE.scale.map((step) => step.label).join('\n'),
      questions: DEFAULT_PLAN_TEMPLATE.selfAssessmentQuestions.map((q) => q.text).join('\n'),
      includesOtherDevelopment: true,
    };
    await templates.saveTemplate(principal, unit.id, { ...form, subjects: 'Engelska' });
    await templates.saveTemplate(principal, unit.id, form);

    const read = await templates.readTemplate(principal, unit.id);
    expect(read.unitName).toBe('Rönnskolan');
    expect(read.template).toMatchObject({ periodKind: 'term', subjects: ['Svenska', 'Matematik'] });
  });
});
