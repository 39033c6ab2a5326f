import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { DEMO_ACCOUNTS, DemoUsername } from '../../src/demo/demo-directory';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';

/**
 * The probe: people with protected identity have addresses on record (as if
 * entered before the marking came), and every page and API response of the
 * demo, for every role, is searched for them. None may appear. A control
 * address of an unprotected guardian must appear, so the probe can see.
 */
describe('protected identity: addresses appear nowhere', () => {
  let world: DemoWorld;
  const secretAddresses: string[] = [];
  const controlAddress = 'Kontrollvägen 99';
  let urls: string[];

  beforeAll(async () => {
    world = await startDemoWorld();
    const protectedPeople = await query(
      world.testApp,
      "select id, external_id from person where security_marking <> 'Ingen' order by external_id",
    );
    expect(protectedPeople.length).toBeGreaterThanOrEqual(3);
    for (const [index, person] of protectedPeople.entries()) {
      const address = `Hemliga gränd ${index + 11}`;
      secretAddresses.push(address);
      await query(
        world.testApp,
        // Chosen to be shown as well: protected identity keeps them out of class lists anyway.
        `insert into self_contact (person_id, street_address, postal_code, city, phone, updated_at,
                                   shows_address, shows_phone)
         values ($1, $2, '443 99', 'Hemlingby', '0302-99 99 0${index}', now(), true, true)`,
        [person.id, address],
      );
    }
    await query(
      world.testApp,
      `insert into self_contact (person_id, street_address, updated_at, shows_address)
       select gs.guardian_id, $1, now(), true from guardianship gs join person p on p.id = gs.pupil_id
        where p.external_id = 'demo:person:pupil-4-2' limit 1`,
      [controlAddress],
    );

    const groups = await query(world.testApp, 'select id from student_group');
    const pupils = await query(world.testApp, 'select distinct person_id from enrolment');
    urls = [
      '/',
      '/mina-barn',
      '/profil',
      '/information',
      '/api/v1/me',
      '/admin/import',
      '/admin/konton?sok=a',
      '/api/v1/accounts?search=a',
      // The reviewers' record search: names and signals, never an address.
      '/handlaggning/handlingar?q=a',
      '/api/v1/records/search?q=a',
      ...groups.map((group) => `/klasslista/${String(group.id)}`),
      ...pupils.flatMap((pupil) => [
        `/elever/${String(pupil.person_id)}`,
        `/api/v1/pupils/${String(pupil.person_id)}`,
      ]),
    ];
  });

  afterAll(() => world.close());

  const crawl = async (
    agent: TestAgent,
  ): Promise<{ leaks: string[]; sawControl: boolean; ok: number }> => {
    const leaks: string[] = [];
    let sawControl = false;
    let ok = 0;
    for (const url of urls) {
      const response = await agent
        .get(url)
        .set('Accept', url.startsWith('/api/') ? 'application/json' : 'text/html');
      if (response.status === 200) ok += 1;
      const body = response.text ?? '';
      for (const address of secretAddresses) {
        if (body.includes(address) || body.includes('Hemlingby'))
          leaks.push(`${url} shows ${address}`);
      }
      sawControl ||= body.includes(controlAddress);
    }
    return { leaks, sawControl, ok };
  };

  const roles = Object.keys(DEMO_ACCOUNTS) as DemoUsername[];
  for (const role of roles) {
    it(`shows no protected address to ${role}`, async () => {
      const result = await crawl(await world.signIn(role));

      expect(result.leaks).toEqual([]);
      expect(result.ok).toBeGreaterThanOrEqual(3);
      if (role === 'mentor' || role === 'vardnadshavare') {
        // Both see class 4A's list, where the control address is shared.
        expect(result.sawControl).toBe(true);
      }
    });
  }

  it('shows no protected address to the protected guardian themself', async () => {
    const [account] = await query(
      world.testApp,
      `select a.username from account a join person p on p.id = a.person_id
        where p.external_id = 'demo:person:guardian-5-3-1'`,
    );
    await query(
      world.testApp,
      "update account set password_hash = (select password_hash from account where username = 'admin') where username = $1",
      [account?.username],
    );
    const agent = request.agent(world.testApp.app.getHttpServer());
    await agent
      .post('/api/v1/auth/login')
      .send({ username: account?.username, password: 'demo-lösenord-2026' })
      .expect(200);

    const result = await crawl(agent);

    expect(result.leaks).toEqual([]);
    const profile = await agent.get('/profil').expect(200);
    expect(profile.text).toContain('0302-99 99 0');
  });

  it('shows no protected address to anonymous visitors', async () => {
    const result = await crawl(request.agent(world.testApp.app.getHttpServer()));

    expect(result.leaks).toEqual([]);
  });
});
