import type { Actor, ActorRole } from '../../src/auth/actor';
import { AuditService } from '../../src/audit/audit.service';
import type { AuditTables } from '../../src/audit/audit-entry.entity';
import { DirectoryQueries } from '../../src/directory/directory.queries';
import { Guardianship } from '../../src/directory/directory.entities';
import type { EmailTables } from '../../src/email/email.entities';
import { EmailService } from '../../src/email/email.service';
import { NotificationDisposalQueries } from '../../src/notifications/notification-disposal.queries';
import { NotificationsService } from '../../src/notifications/notifications.service';
import type { NotificationKind } from '../../src/notifications/notifications.entities';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

/** Who gets which notice: only the opted-in, each their own e-mail, nothing of the plan. */
describe('NotificationsService against PostgreSQL', () => {
  let db: MediumDatabase;
  let notifications: NotificationsService;
  let suggested: string | null = null;

  beforeAll(async () => {
    db = await openMediumDatabase();
    notifications = new NotificationsService(
      db.orm.em,
      new DirectoryQueries(db.orm.em),
      new EmailService(db.orm.em, undefined as never, db.config),
      new AuditService(db.orm.em),
      { findOwnEmail: () => Promise.resolve(suggested) },
      db.config,
    );
  });

  afterAll(async () => {
    await db?.close();
  });

  const actorOf = (personId: string, role: ActorRole): Actor => ({
    accountId: '00000000-0000-4000-8000-000000000000',
    personId,
    username: personId,
    displayName: 'Test',
    roles: new Set([role]),
    guardianOf: new Set(),
    mentorGroupIds: new Set(),
    mentorPupilIds: new Set(),
    teacherAssignments: [],
    principalUnitIds: new Set(),
  });

  async function family(securityMarking: 'Ingen' | 'Skyddad folkbokföring' = 'Ingen') {
    const pupil = await db.given.pupil({ givenName: 'Ebba' });
    const mother = await db.given.person({ givenName: 'Mira' });
    const father = await db.given.person({ givenName: 'Olle', securityMarking });
    const em = db.em();
    em.create(Guardianship, { guardianId: mother.id, pupilId: pupil.id });
    em.create(Guardianship, { guardianId: father.id, pupilId: pupil.id });
    await em.flush();
    return { pupil, mother, father };
  }

  async function notify(
    pupilId: string,
    kind: NotificationKind,
    options: { guardianIds?: string[]; includePupil?: boolean } = {},
  ) {
    const ids = await db.em().transactional((em) =>
      notifications.notifyAboutPupil(em, {
        pupilId,
        kind,
        actor: { accountId: null, personId: null },
        ...options,
      }),
    );
    const rows =
      ids.length === 0
        ? []
        : await db
            .em()
            .getKysely<EmailTables>()
            .selectFrom('email_outbox')
            .select(['to_address', 'kind', 'subject', 'body', 'request_id'])
            .where('id', 'in', ids)
            .orderBy('to_address')
            .execute();
    return rows;
  }

  it('writes nothing for anyone who has not opted in', async () => {
    const { pupil } = await family();
    expect(await notify(pupil.id, 'plan-ready')).toEqual([]);
  });

  it('writes one e-mail per opted-in person, for the kinds they chose only', async () => {
    const { pupil, mother, father } = await family();
    await notifications.savePreferences(actorOf(mother.id, 'guardian'), {
      kinds: ['plan-ready', 'plan-established'],
      email: 'mira@example.se',
    });
    await notifications.savePreferences(actorOf(father.id, 'guardian'), {
      kinds: ['plan-established'],
      email: 'olle@example.se',
    });
    await notifications.savePreferences(actorOf(pupil.id, 'pupil'), {
      kinds: ['plan-ready'],
      email: 'ebba@example.se',
    });

    const ready = await notify(pupil.id, 'plan-ready');
    expect(ready.map((row) => row.to_address)).toEqual(['ebba@example.se', 'mira@example.se']);
    expect(ready.every((row) => row.kind === 'notification_plan_ready')).toBe(true);
    expect(ready.every((row) => row.request_id === null)).toBe(true);
    const toPupil = ready.find((row) => row.to_address === 'ebba@example.se');
    const toMother = ready.find((row) => row.to_address === 'mira@example.se');
    expect(toPupil?.subject).toBe('Din utvecklingsplan kan förberedas');
    expect(toMother?.subject).toBe('Utvecklingsplanen för Ebba kan förberedas');
    expect(toMother?.body).toContain('/logga-in?nasta=%2Fmina-barn');
    // Each e-mail names nobody else: not the other guardian, not the child's family name.
    for (const row of ready) {
      expect(`${row.subject}\n${row.body}`).not.toMatch(/Mira|Olle|Lind|@/);
    }

    const established = await notify(pupil.id, 'plan-established');
    expect(established.map((row) => row.to_address)).toEqual([
      'mira@example.se',
      'olle@example.se',
    ]);
    expect(await notify(pupil.id, 'talk-booked')).toEqual([]);

    const audit = await db
      .em()
      .getKysely<AuditTables>()
      .selectFrom('audit_entry')
      .select(['action', 'details'])
      .where('pupil_id', '=', pupil.id)
      .where('action', '=', 'notification.emails.written')
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('@');
  });

  it('tells only the guardians named, and the pupil only when asked to', async () => {
    const { pupil, mother, father } = await family();
    for (const [person, role] of [
      [mother, 'guardian'],
      [father, 'guardian'],
      [pupil, 'pupil'],
    ] as const) {
      await notifications.savePreferences(actorOf(person.id, role), {
        kinds: ['comment-answered', 'talk-booked'],
        email: `${person.givenName.toLowerCase()}@example.se`,
      });
    }
    // A pupil has no comment of their own to be told about: that kind is not kept for them.
    expect((await notifications.listPreferencesOf(pupil.id)).map((c) => c.kind)).toEqual([
      'talk-booked',
    ]);
    const answered = await notify(pupil.id, 'comment-answered', {
      guardianIds: [father.id],
      includePupil: false,
    });
    expect(answered.map((row) => row.to_address)).toEqual(['olle@example.se']);
    // Someone who is not the pupil's guardian is never written to, even when named.
    const stranger = await db.given.person({ givenName: 'Sten' });
    await notifications.savePreferences(actorOf(stranger.id, 'guardian'), {
      kinds: ['talk-booked'],
      email: 'sten@example.se',
    });
    const booked = await notify(pupil.id, 'talk-booked', { guardianIds: [stranger.id, mother.id] });
    expect(booked.map((row) => row.to_address)).toEqual(['ebba@example.se', 'mira@example.se']);
  });

  it('writes to a guardian with protected identity on their own, naming no one', async () => {
    const { pupil, mother, father } = await family('Skyddad folkbokföring');
    for (const person of [mother, father]) {
      await notifications.savePreferences(actorOf(person.id, 'guardian'), {
        kinds: ['plan-established'],
        email: `${person.givenName.toLowerCase()}@example.se`,
      });
    }
    const rows = await notify(pupil.id, 'plan-established');
    expect(rows.map((row) => row.to_address)).toEqual(['mira@example.se', 'olle@example.se']);
    for (const row of rows) {
      expect(`${row.subject}\n${row.body}`).not.toMatch(/Mira|Olle|@/);
    }
  });

  it('keeps no address once everything is opted out, and offers the known one', async () => {
    const guardian = await db.given.person();
    const actor = actorOf(guardian.id, 'guardian');
    suggested = 'kand@example.se';
    expect(await notifications.readPreferences(actor)).toMatchObject({
      email: 'kand@example.se',
      emailIsSuggested: true,
    });
    await notifications.savePreferences(actor, { kinds: ['talk-booked'], email: 'ny@example.se' });
    const chosen = await notifications.readPreferences(actor);
    expect([...chosen.kinds]).toEqual(['talk-booked']);
    expect(chosen).toMatchObject({ email: 'ny@example.se', emailIsSuggested: false });
    await notifications.savePreferences(actor, { kinds: [], email: 'ny@example.se' });
    suggested = null;
    const none = await notifications.readPreferences(actor);
    expect(none.kinds.size).toBe(0);
    expect(none.email).toBeNull();
  });

  it('disposes of the choices (and addresses) the grace days after the pupils concerned left', async () => {
    const enrolled = await family();
    const leftChild = await db.given.pupil({ givenName: 'Leo', endDate: '2026-06-10' });
    const leftGuardian = await db.given.person({ givenName: 'Siv' });
    const em = db.em();
    em.create(Guardianship, { guardianId: leftGuardian.id, pupilId: leftChild.id });
    await em.flush();
    for (const [person, role] of [
      [enrolled.mother, 'guardian'],
      [enrolled.pupil, 'pupil'],
      [leftChild, 'pupil'],
      [leftGuardian, 'guardian'],
    ] as const) {
      await notifications.savePreferences(actorOf(person.id, role), {
        kinds: ['plan-ready', 'talk-booked'],
        email: 'x@example.se',
      });
    }
    const disposal = new NotificationDisposalQueries();
    const dispose = (today: string) =>
      db
        .em()
        .transactional((tx) =>
          disposal.disposeWithoutPurpose(tx, { today, graceDays: 30, limit: 500 }),
        );
    const kinds = async (personId: string) =>
      (await notifications.listPreferencesOf(personId)).map((choice) => choice.kind);

    // Within the grace days nothing goes; after them, exactly the two who left (two rows each).
    expect(await dispose('2026-07-09')).toBe(0);
    expect(await kinds(leftGuardian.id)).toEqual(['plan-ready', 'talk-booked']);
    expect(await dispose('2026-07-10')).toBe(4);
    expect(await kinds(leftGuardian.id)).toEqual([]);
    expect(await kinds(leftChild.id)).toEqual([]);
    expect(await kinds(enrolled.mother.id)).toEqual(['plan-ready', 'talk-booked']);
    expect(await kinds(enrolled.pupil.id)).toEqual(['plan-ready', 'talk-booked']);
  });
});
