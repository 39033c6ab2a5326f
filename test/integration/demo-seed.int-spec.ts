import { MikroORM } from '@mikro-orm/postgresql';

import { Account } from '../../src/auth/account.entity';
import { migrateDatabase } from '../../src/database/migrate';
import { buildOrmOptions } from '../../src/database/mikro-orm.options';
import { DEMO_ACCOUNTS } from '../../src/demo/demo-directory';
import { DEMO_RECEIPT_CODES } from '../../src/demo/demo-requests';
import { seedDemoData } from '../../src/demo/seed-demo';
import { Enrolment, Person, SchoolUnit, StaffDuty } from '../../src/directory/directory.entities';
import { ALL_ENTITIES } from '../../src/entities';
import { Plan, PlanVersion } from '../../src/plans/plans.entities';
import { PublicRecord } from '../../src/records/records.entities';
import {
  RecordsRequest,
  RecordsRequestDocument,
  RecordsRequestEvent,
  RecordsRequestItem,
  RecordsRequestNote,
  StaffNotification,
} from '../../src/requests/requests.entities';
import { RetentionHold } from '../../src/retention/retention.entities';
import { TalkBooking, TalkSlot } from '../../src/talks/talks.entities';
import { buildTestConfig, dropTestData } from '../support/test-env';

/** Rows per table of the demo municipality, with its plans, requests and former pupils. */
const EXPECTED = {
  schoolUnit: 2,
  // The imported directory and the four former pupils of the retention demo.
  person: 196,
  enrolment: 68,
  staffDuty: 18,
  account: 192,
  plan: 16,
  planVersion: 15,
  publicRecord: 15,
  request: Object.keys(DEMO_RECEIPT_CODES).length,
  requestItem: 18,
  requestEvent: 11,
  requestNote: 1,
  requestDocument: 10,
  // Both reviewers, for each of the three requests still unopened.
  staffNotification: 6,
  retentionHold: 1,
  // Ten times for 4A on two working days, one of them booked by another family.
  talkSlot: 10,
  talkBooking: 1,
  accountWithPassword: Object.keys(DEMO_ACCOUNTS).length,
};

describe('the demo municipality, seeded through the owner modules', () => {
  const config = buildTestConfig({ env: { DEMO_DATA: 'on', DEMO_PASSWORD: 'demo-lösenord-2026' } });
  let orm: MikroORM;

  const counts = async (): Promise<typeof EXPECTED> => {
    const em = orm.em.fork();
    return {
      schoolUnit: await em.count(SchoolUnit),
      person: await em.count(Person),
      enrolment: await em.count(Enrolment),
      staffDuty: await em.count(StaffDuty),
      account: await em.count(Account),
      plan: await em.count(Plan),
      planVersion: await em.count(PlanVersion),
      publicRecord: await em.count(PublicRecord),
      request: await em.count(RecordsRequest),
      requestItem: await em.count(RecordsRequestItem),
      requestEvent: await em.count(RecordsRequestEvent),
      requestNote: await em.count(RecordsRequestNote),
      requestDocument: await em.count(RecordsRequestDocument),
      staffNotification: await em.count(StaffNotification),
      retentionHold: await em.count(RetentionHold),
      talkSlot: await em.count(TalkSlot),
      talkBooking: await em.count(TalkBooking),
      accountWithPassword: await em.count(Account, { passwordHash: { $ne: null } }),
    };
  };

  beforeAll(async () => {
    await migrateDatabase(config);
    orm = await MikroORM.init(buildOrmOptions(config, ALL_ENTITIES));
  });

  afterAll(async () => {
    await orm.close(true);
    await dropTestData(config);
  });

  it('loads every part into an empty database, and nothing over it a second time', async () => {
    const first = await seedDemoData(config);
    expect(first).toEqual({
      seeded: true,
      usernames: Object.keys(DEMO_ACCOUNTS),
      generatedPassword: null,
    });
    expect(await counts()).toEqual(EXPECTED);

    const again = await seedDemoData(config);
    expect(again).toEqual({ seeded: false, usernames: [], generatedPassword: null });
    expect(await counts()).toEqual(EXPECTED);
  });

  it('gives the demo accounts their usernames, and names the registered records in the plans', async () => {
    const em = orm.em.fork();
    const usernames = (
      await em.find(Account, { passwordHash: { $ne: null } }, { orderBy: { username: 'asc' } })
    ).map((account) => account.username);
    expect(usernames).toEqual(Object.keys(DEMO_ACCOUNTS).sort());
    const versions = await em.find(PlanVersion, {});
    const records = await em.find(PublicRecord, { id: versions.map((v) => v.recordId) });
    expect(records).toHaveLength(versions.length);
  });
});
