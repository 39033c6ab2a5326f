import { randomUUID } from 'node:crypto';

import { AuditService } from '../../src/audit/audit.service';
import { AccountAdminService } from '../../src/auth/account-admin.service';
import { AccountQueries } from '../../src/auth/account.queries';
import { Account } from '../../src/auth/account.entity';
import { ActorLoader } from '../../src/auth/actor-loader';
import { LoginRateLimiter } from '../../src/auth/login-rate-limiter';
import { Guardianship } from '../../src/directory/directory.entities';
import { DirectoryQueries } from '../../src/directory/directory.queries';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

describe('accounts and the actor against PostgreSQL', () => {
  let db: MediumDatabase;
  let directory: DirectoryQueries;
  let accounts: AccountQueries;
  let actors: ActorLoader;

  beforeAll(async () => {
    db = await openMediumDatabase();
    directory = new DirectoryQueries(db.em());
    accounts = new AccountQueries(db.em());
    actors = new ActorLoader(accounts, directory);
  });

  afterAll(async () => {
    await db?.close();
  });

  async function guardianship(guardianId: string, pupilId: string): Promise<void> {
    const em = db.em();
    em.create(Guardianship, { guardianId, pupilId });
    await em.flush();
  }

  it('loads an actor with active duties, custody and enrolment, and finds their pupils', async () => {
    const unit = await db.given.schoolUnit({ name: 'Ekskolan' });
    const pupil = await db.given.pupil({ givenName: 'Ines', schoolUnitId: unit.id });
    const other = await db.given.pupil({ givenName: 'Otto', schoolUnitId: unit.id });
    const group = await db.given.schoolClass(unit.id, [pupil.id]);
    const staff = await db.given.person({ givenName: 'Karin', familyName: 'Berg' });
    await guardianship(staff.id, other.id);
    await db.given.duty(staff.id, 'mentor', { groupId: group.id });
    await db.given.duty(staff.id, 'mentor', { pupilId: other.id });
    await db.given.duty(staff.id, 'teacher', { groupId: group.id, subject: 'MA' });
    await db.given.duty(staff.id, 'principal', { schoolUnitId: unit.id });
    await db.given.duty(staff.id, 'reviewer', { endDate: '2001-01-01' });
    const account = await db.given.account(staff.id);

    const actor = await actors.loadActor(account.id);

    expect(actor).toEqual({
      accountId: account.id,
      personId: staff.id,
      username: account.username,
      displayName: 'Karin Berg',
      roles: new Set(['mentor', 'teacher', 'principal', 'guardian']),
      guardianOf: new Set([other.id]),
      mentorGroupIds: new Set([group.id]),
      mentorPupilIds: new Set([other.id]),
      teacherAssignments: [{ groupId: group.id, subject: 'MA' }],
      principalUnitIds: new Set([unit.id]),
    });
    expect((await directory.findRelatedPupilIds(actor!)).sort()).toEqual(
      [pupil.id, other.id].sort(),
    );
    const facts = await directory.findPupilFactsMany([pupil.id, other.id, 'not-a-uuid']);
    expect(facts.get(pupil.id)).toEqual({
      pupilId: pupil.id,
      groupIds: new Set([group.id]),
      schoolUnitIds: new Set([unit.id]),
    });
    expect(facts.get(other.id)?.groupIds).toEqual(new Set());
  });

  it('loads a pupil as a pupil, and nobody for a disabled account', async () => {
    const pupil = await db.given.pupil({ givenName: 'Pia' });
    const account = await db.given.account(pupil.id);
    expect((await actors.loadActor(account.id))?.roles).toEqual(new Set(['pupil']));
    expect(await directory.findRelatedPupilIds((await actors.loadActor(account.id))!)).toEqual([
      pupil.id,
    ]);

    await db.em().nativeUpdate(Account, { id: account.id }, { isDisabled: true });
    expect(await actors.loadActor(account.id)).toBeNull();
    expect(await actors.loadActor(randomUUID())).toBeNull();
  });

  it('finds an account for login by its username, case and spaces aside', async () => {
    const person = await db.given.person();
    const account = await db.given.account(person.id);

    expect(await accounts.findAccountForLogin(`  ${account.username.toUpperCase()} `)).toEqual({
      accountId: account.id,
      personId: person.id,
      passwordHash: null,
      failedLoginCount: 0,
      lockedUntil: null,
      isDisabled: false,
    });
    expect(await accounts.findAccountForLogin('nobody.here')).toBeNull();
  });

  it('lets a guardian, and a pupil only where allowed, sign in with e-legitimation', async () => {
    const pupil = await db.given.pupil();
    const guardian = await db.given.person();
    const stranger = await db.given.person();
    await guardianship(guardian.id, pupil.id);
    const pupilAccount = await db.given.account(pupil.id);
    const guardianAccount = await db.given.account(guardian.id);
    await db.given.account(stranger.id);

    const personOf = (civicNo: string, allowPupils: boolean) =>
      directory.findSignInPersonId(civicNo, allowPupils);
    expect(await personOf(guardian.civicNo, false)).toBe(guardian.id);
    expect(await personOf(pupil.civicNo, false)).toBeNull();
    expect(await personOf(pupil.civicNo, true)).toBe(pupil.id);
    expect(await personOf(stranger.civicNo, true)).toBeNull();
    expect(await accounts.findEnabledAccountOf(guardian.id)).toEqual({
      accountId: guardianAccount.id,
      personId: guardian.id,
    });
    await db.em().nativeUpdate(Account, { id: pupilAccount.id }, { isDisabled: true });
    expect(await accounts.findEnabledAccountOf(pupil.id)).toBeNull();
  });

  it('searches accounts by username or name, with roles, and sets a password', async () => {
    const person = await db.given.person({ givenName: 'Sökbar', familyName: 'Åkesson' });
    await db.given.duty(person.id, 'teacher');
    await db.given.duty(person.id, 'mentor');
    await db.given.duty(person.id, 'teacher');
    const account = await db.given.account(person.id);
    const limits = new LoginRateLimiter(db.config);
    const admin = new AccountAdminService(db.em(), new AuditService(db.em()), limits);

    const [found] = await admin.searchAccounts('sökbar åkes');
    expect(found).toEqual({
      id: account.id,
      username: account.username,
      name: 'Sökbar Åkesson',
      roles: ['mentor', 'teacher'],
      hasPassword: false,
      isLocked: false,
      lastLoginAt: null,
    });
    expect(await admin.searchAccounts(account.username)).toHaveLength(1);
    expect(await admin.findAccount(account.id)).toEqual(found);

    const rules = { maxFailures: 2, lockoutMinutes: 15 };
    await limits.registerFailure(account.username, '192.0.2.7', rules);
    expect(await limits.registerFailure(account.username, '192.0.2.7', rules)).toBe(15 * 60_000);
    expect(await limits.lockedHereFor(account.username, '192.0.2.7')).toBeGreaterThan(0);

    const actor = (await actors.loadActor(account.id))!;
    await admin.setPassword(actor, account.id, 'ett långt lösenord');
    expect((await admin.findAccount(account.id)).hasPassword).toBe(true);
    // A new password lifts the account's locks from every address too.
    expect(await limits.lockedHereFor(account.username, '192.0.2.7')).toBe(0);
    await limits.onApplicationShutdown();
  });

  it('keeps the login limits per address, per account and address, and the addresses a person signed in from', async () => {
    const limits = new LoginRateLimiter({
      ...db.config,
      auth: { ...db.config.auth, loginRateLimit: 100, addressMaxUsernames: 3 },
    });
    const rules = { maxFailures: 2, lockoutMinutes: 15 };
    try {
      // The same username again and again is one username; three different ones block the address.
      for (const username of ['anna', 'Anna ', 'ANNA', 'bo']) {
        await limits.registerFailure(username, '198.51.100.1', rules);
      }
      expect(await limits.addressBlockedFor('198.51.100.1')).toBe(0);
      await limits.registerFailure('cia', '198.51.100.1', rules);
      expect(await limits.addressBlockedFor('198.51.100.1')).toBeGreaterThan(55 * 60_000);
      expect(await limits.addressBlockedFor('198.51.100.2')).toBe(0);

      // Anna's two wrong passwords in a row from .1 locked her there, not elsewhere; her fourth
      // locks her there twice as long.
      expect(await limits.lockedHereFor('anna', '198.51.100.1')).toBeGreaterThan(14 * 60_000);
      expect(await limits.lockedHereFor('anna', '198.51.100.2')).toBe(0);
      expect(await limits.registerFailure('anna', '198.51.100.1', rules)).toBe(30 * 60_000);

      // A login forgets the address's wrong passwords and makes it the account's own.
      const accountId = randomUUID();
      expect(await limits.isKnownAddress(accountId, '198.51.100.1')).toBe(false);
      await limits.registerSuccess(accountId, 'anna', '198.51.100.1');
      expect(await limits.lockedHereFor('anna', '198.51.100.1')).toBe(0);
      expect(await limits.isKnownAddress(accountId, '198.51.100.1')).toBe(true);
      expect(await limits.isKnownAddress(accountId, '198.51.100.2')).toBe(false);

      // A username without an account has the account's back-off everywhere, as make-believe.
      const everywhere = { maxFailures: 3, lockoutMinutes: 15 };
      await limits.registerUnknownAccountFailure('finns-inte', everywhere);
      await limits.registerUnknownAccountFailure('finns-inte', everywhere);
      expect(await limits.unknownAccountLockedFor('finns-inte')).toBe(0);
      expect(await limits.registerUnknownAccountFailure('finns-inte', everywhere)).toBe(
        15 * 60_000,
      );
      expect(await limits.unknownAccountLockedFor(' Finns-Inte')).toBeGreaterThan(0);

      // The table keeps no username as typed.
      const keys = await db
        .em()
        .getConnection()
        .execute<{ key: string }[]>('select key from login_rate_limit');
      expect(keys.some((row) => /anna|finns/i.test(row.key))).toBe(false);
    } finally {
      await limits.onApplicationShutdown();
    }
  });
});
