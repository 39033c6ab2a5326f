import { Logger } from '@nestjs/common';

import { AuditService } from '../../src/audit/audit.service';
import type { Actor } from '../../src/auth/actor';
import { DirectoryQueries } from '../../src/directory/directory.queries';
import { PlanDisposalQueries } from '../../src/plans/plan-disposal.queries';
import type { PlansTables } from '../../src/plans/plans.entities';
import { RecordDisposalQueries } from '../../src/records/record-disposal.queries';
import type { RecordsTables } from '../../src/records/records.entities';
import { RequestHoldsQueries } from '../../src/requests/request-holds.queries';
import type { RequestsTables } from '../../src/requests/requests.entities';
import { DisposalLog } from '../../src/retention/retention.entities';
import { RetentionService } from '../../src/retention/retention.service';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';
import { RetentionHoldsQueries } from '../../src/retention/retention-holds.queries';
import { RetentionWorld } from './retention-world';
import { AccountDisposalQueries } from '../../src/auth/account-disposal.queries';
import { PersonDisposalQueries } from '../../src/directory/person-disposal.queries';
import { EmailDisposalQueries } from '../../src/email/email-disposal.queries';
import { TalkDisposalQueries } from '../../src/talks/talk-disposal.queries';
import { RegisterExtractDisposalQueries } from '../../src/register-extract/extract-disposal.queries';
import { CadenceDisposalQueries } from '../../src/cadence/cadence-disposal.queries';
import { NotificationDisposalQueries } from '../../src/notifications/notification-disposal.queries';
import { EmailService } from '../../src/email/email.service';
import { ContactDisposalQueries } from '../../src/guardians/contact-disposal.queries';
import { PeopleDisposalService } from '../../src/retention/people-disposal.service';

const TODAY = '2029-06-12';

describe('retention against PostgreSQL', () => {
  let db: MediumDatabase;
  let world: RetentionWorld;
  let retention: RetentionService;
  const records = new RecordDisposalQueries();
  const plans = new PlanDisposalQueries();
  const requests = new RequestHoldsQueries();

  beforeAll(async () => {
    // The run's summary line is for the service's log, not the test output.
    Logger.overrideLogger(false);
    db = await openMediumDatabase();
    world = new RetentionWorld(db);
    const config = { ...db.config, retention: { ...db.config.retention, batchSize: 2 } };
    const audit = new AuditService(db.orm.em);
    retention = new RetentionService(
      db.orm.em,
      audit,
      records,
      plans,
      requests,
      new DirectoryQueries(db.orm.em),
      new RetentionHoldsQueries(),
      config,
      new PeopleDisposalService(
        db.orm.em,
        audit,
        new PersonDisposalQueries(),
        new AccountDisposalQueries(),
        new ContactDisposalQueries(),
        // No guardian here has an e-mail address: nothing is queued (the e2e suite sends them).
        new EmailService(db.orm.em, undefined as never, config),
        new EmailDisposalQueries(),
        new RegisterExtractDisposalQueries(),
        new CadenceDisposalQueries(),
        new NotificationDisposalQueries(),
        new TalkDisposalQueries(),
        config,
      ),
    );
  });

  afterAll(async () => {
    await db?.close();
  });

  const exists = async (recordId: string) =>
    (await db
      .em()
      .getKysely<RecordsTables>()
      .selectFrom('public_record')
      .select('id')
      .where('id', '=', recordId)
      .executeTakeFirst()) !== undefined;

  const planExists = async (planId: string) =>
    (await db
      .em()
      .getKysely<PlansTables>()
      .selectFrom('plan')
      .select('id')
      .where('id', '=', planId)
      .executeTakeFirst()) !== undefined;

  it('disposes of a plan version with its record and the plan only when no version is left', async () => {
    const whole = await world.establishedPlan(TODAY, 2);
    const half = await world.establishedPlan(TODAY, 2);

    const gone = await db
      .em()
      .transactional((em) =>
        plans.disposeVersionsOfRecords(em, [...whole.recordIds, half.recordIds[0]]),
      );

    expect(gone).toEqual({ planVersions: 3, plans: 1 });
    expect(await planExists(whole.planId)).toBe(false);
    expect(await planExists(half.planId)).toBe(true);
    expect(
      await db
        .em()
        .transactional((em) => records.disposeRecords(em, [...whole.recordIds, half.recordIds[0]])),
    ).toBe(3);
    expect(await exists(whole.recordIds[0])).toBe(false);
    expect(await exists(half.recordIds[0])).toBe(false);
    expect(await exists(half.recordIds[1])).toBe(true);
  });

  it('locks due records that no open request holds, in date order, skipping held ones', async () => {
    const early = await world.establishedPlan('2001-01-01');
    const requested = await world.establishedPlan('2001-01-01');
    const notDue = await world.establishedPlan('2100-01-01');
    await world.request({ recordId: requested.recordIds[0] }, 'in_review');

    const { locked, last } = await db.em().transactional((em) =>
      records.lockDisposable(em, {
        until: '2001-01-01',
        limit: 10,
        isHeld: (id) => requests.isRecordHeld(id, TODAY),
      }),
    );

    expect(locked).toEqual([{ id: early.recordIds[0], disposalDate: '2001-01-01' }]);
    expect(locked.map((row) => row.id)).not.toContain(notDue.recordIds[0]);
    // The held record is passed over, not left before the next batch's start.
    expect(last?.id).toBe([early.recordIds[0], requested.recordIds[0]].sort()[1]);
  });

  it('starts a batch after the last key of the batch before, held records passed over', async () => {
    const plans = [
      await world.establishedPlan('1980-03-01'),
      await world.establishedPlan('1980-03-01'),
      await world.establishedPlan('1980-03-02'),
      await world.establishedPlan('1980-03-02'),
    ];
    const ids = plans.map((plan) => plan.recordIds[0]);
    const held = await world.establishedPlan('1980-03-01');
    await world.request({ recordId: held.recordIds[0] }, 'received');
    const lock = (limit: number, after: { id: string; disposalDate: string } | null) =>
      db.em().transactional((em) =>
        records.lockDisposable(em, {
          until: '1980-03-02',
          limit,
          isHeld: (id) => requests.isRecordHeld(id, TODAY),
          after,
        }),
      );

    const all = await lock(10, null);
    expect(all.locked.map((row) => row.id).sort()).toEqual([...ids].sort());
    // Batches of two, each after the last key of the one before: every free record once.
    const seen: string[] = [];
    let after: { id: string; disposalDate: string } | null = null;
    for (let batch = 0; batch < 5; batch += 1) {
      const next = await lock(2, after);
      if (next.last === null) break;
      seen.push(...next.locked.map((row) => row.id));
      after = next.last;
    }
    expect(seen).toEqual(all.locked.map((row) => row.id));
    expect(await lock(10, all.last)).toEqual({ locked: [], last: null });
  });

  it('names the open requests and appeals holding a record', async () => {
    const record = await world.establishedPlan(TODAY);
    const open = await world.request({ recordId: record.recordIds[0] }, 'received');
    const appealed = await world.request(
      { recordId: record.recordIds[0] },
      'delivered',
      new Date('2026-03-02T10:00:00Z'),
    );
    await world.appeal(appealed.id, null);
    await world.request(
      { recordId: record.recordIds[0] },
      'delivered',
      new Date('2026-03-02T10:00:00Z'),
    );

    const named = await requests.findOpenRequestsNaming(db.em(), record.recordIds, TODAY);

    expect(named).toEqual(
      [
        {
          recordId: record.recordIds[0],
          registrationNumber: open.registrationNumber,
          kind: 'request',
        },
        {
          recordId: record.recordIds[0],
          registrationNumber: appealed.registrationNumber,
          kind: 'appeal',
        },
      ].sort((a, b) => a.registrationNumber.localeCompare(b.registrationNumber)),
    );
  });

  it('holds a record while the decision naming it is open to appeal, to the window’s last day', async () => {
    const record = await world.establishedPlan('2001-01-01');
    const [recordId] = record.recordIds as [string];
    const delivered = await world.request(
      { recordId },
      'delivered',
      new Date('2029-05-20T10:00:00Z'),
      '2029-06-12',
    );
    const notHeldOn = async (today: string) =>
      (
        await records.findNotHeld(db.em(), [recordId], (id) => requests.isRecordHeld(id, today))
      ).map((row) => row.id);

    expect(await requests.findOpenRequestsNaming(db.em(), [recordId], '2029-06-12')).toEqual([
      {
        recordId,
        registrationNumber: delivered.registrationNumber,
        kind: 'appeal_window',
        until: '2029-06-12',
      },
    ]);
    expect(await notHeldOn('2029-06-12')).toEqual([]);
    expect(await requests.findOpenRequestsNaming(db.em(), [recordId], '2029-06-13')).toEqual([]);
    expect(await notHeldOn('2029-06-13')).toEqual([recordId]);

    // An appeal came in and the court has answered: that ends the matter, window or not.
    await world.appeal(delivered.id, '2029-06-01');
    expect(await notHeldOn('2029-06-12')).toEqual([recordId]);
  });

  it('disposes of closed requests with their documents in one statement', async () => {
    const request = await world.request({}, 'delivered', new Date('2010-01-01T10:00:00Z'));
    const found = await requests.findClosedRequests(
      db.em(),
      { years: 10, today: '2020-01-01', limit: 100 },
      true,
    );
    expect(found.map((row) => row.id)).toContain(request.id);

    const gone = await db.em().transactional((em) => requests.disposeRequests(em, [request.id]));

    expect(gone).toEqual({ documents: 0, letters: [] });
    const left = await db
      .em()
      .getKysely<RequestsTables>()
      .selectFrom('records_request')
      .select('id')
      .where('id', '=', request.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('runs a disposal: due records go in batches, held ones stay, the log and the audit say what went', async () => {
    const due = [
      await world.establishedPlan('2029-01-01'),
      await world.establishedPlan('2029-02-01'),
      await world.establishedPlan('2029-03-01'),
    ];
    const requested = await world.establishedPlan('2029-01-01');
    await world.request({ recordId: requested.recordIds[0] }, 'in_review');
    const person = await db.given.person({ givenName: 'Arkivarie' });
    const account = await db.given.account(person.id);
    const archivist: Actor = {
      accountId: account.id,
      personId: person.id,
      username: account.username,
      displayName: 'Arkivarie Lind',
      roles: new Set(['archivist']),
      guardianOf: new Set(),
      mentorGroupIds: new Set(),
      mentorPupilIds: new Set(),
      teacherAssignments: [],
      principalUnitIds: new Set(),
    };
    const held = await world.establishedPlan('2029-01-01');
    await retention.placeHold(archivist, {
      registrationNumber: held.registrationNumbers[0],
      reason: 'Tillsyn pågår',
    });

    const run = await retention.dispose(TODAY);

    // The two earlier tests' due records and this test's three (the earlier ones, not held, go too).
    expect(run.records).toBeGreaterThanOrEqual(3);
    expect(run.planVersions).toBe(run.records);
    for (const plan of due) {
      expect(await exists(plan.recordIds[0])).toBe(false);
      expect(await planExists(plan.planId)).toBe(false);
    }
    expect(await exists(requested.recordIds[0])).toBe(true);
    expect(await exists(held.recordIds[0])).toBe(true);
    // Batches of two: more than one ran, each logged.
    expect(run.batches).toBeGreaterThanOrEqual(2);
    const overview = await retention.overview(archivist, TODAY);
    expect(overview.held.map((record) => record.registrationNumber)).toEqual(
      expect.arrayContaining([held.registrationNumbers[0], requested.registrationNumbers[0]]),
    );
    expect(overview.due30.count).toBe(0);
    // Newest first: the people whose last plan went (logged last, by count), then the plans.
    expect(overview.log.slice(0, 2).map((entry) => entry.rule)).toEqual(['people', 'plans']);
    expect(overview.log[0]?.registrationNumbers).toEqual([]);
    expect(run.people.formerPupils).toBeGreaterThanOrEqual(1);
    const log = await db.em().find(DisposalLog, { runId: run.runId, rule: 'plans' });
    const logged = log.flatMap((entry) => entry.registrationNumbers);
    for (const plan of due) {
      expect(logged).toContain(plan.registrationNumbers[0]);
    }
    expect(logged).not.toContain(requested.registrationNumbers[0]);
    expect(log.reduce((sum, entry) => sum + (entry.counts.records ?? 0), 0)).toBe(run.records);
  });
});
