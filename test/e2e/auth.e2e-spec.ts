import request from 'supertest';

import { csrfFrom, DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';

function sessionCookie(response: request.Response): string | undefined {
  const cookies = response.headers['set-cookie'] as unknown as string[] | undefined;
  return cookies?.find((cookie) => cookie.startsWith('iup.sid='));
}

describe('password login, sessions, CSRF and lockout', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '15' } });
  });

  afterAll(() => world.close());

  it('signs in through the API with a hardened session cookie and shows who you are', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());

    const login = await agent
      .post('/api/v1/auth/login')
      .send({ username: 'Mentor', password: DEMO_PASSWORD })
      .expect(200);

    const cookie = sessionCookie(login);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(login.body).toMatchObject({ username: 'mentor', roles: ['mentor'] });
    const me = await agent.get('/api/v1/me').expect(200);
    const sessions = await query(world.testApp, 'select count(*)::int as count from http_session');
    expect(sessions[0]?.count).toBeGreaterThan(0);
    const pupils = me.body.pupils as { className: string }[];
    expect(pupils).toHaveLength(8);
    expect(pupils.every((pupil) => pupil.className === '4A')).toBe(true);
  });

  it('answers a wrong password and an unknown user alike, in Swedish, and audits both', async () => {
    const wrong = await world.testApp
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'elev', password: 'fel' })
      .expect(401);
    const unknown = await world.testApp
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'finns-inte', password: 'fel' })
      .expect(401);

    expect(wrong.body.error.message).toBe('Fel användarnamn eller lösenord.');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    const failures = await query(
      world.testApp,
      "select details->>'reason' as reason from audit_entry where action = 'auth.login.failed' order by id",
    );
    expect(failures.map((row) => row.reason)).toEqual(
      expect.arrayContaining(['wrong-password', 'unknown-username']),
    );
  });

  it('locks an account after repeated wrong passwords from one address, even against the right one', async () => {
    const http = world.testApp.http.bind(world.testApp);
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await http()
        .post('/api/v1/auth/login')
        .send({ username: 'arkivarie', password: 'fel' })
        .expect(401);
    }
    const locking = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'arkivarie', password: 'fel' })
      .expect(429);
    const refused = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'arkivarie', password: DEMO_PASSWORD })
      .expect(429);

    expect(locking.body.error.message).toMatch(/Kontot är tillfälligt låst.*15 minuter/);
    expect(refused.body.error.code).toBe('RATE_LIMITED');

    // The lock (of the account from this address) runs out.
    await query(
      world.testApp,
      "update login_rate_limit set expire = (extract(epoch from now()) * 1000 - 60000)::bigint where key like 'login-pair-lock:%'",
    );
    await http()
      .post('/api/v1/auth/login')
      .send({ username: 'arkivarie', password: DEMO_PASSWORD })
      .expect(200);
  });

  it('logs out: the session ends and the cookie is cleared', async () => {
    const agent = await world.signIn('elev');
    await agent.get('/api/v1/me').expect(200);

    await agent.post('/api/v1/auth/logout').expect(204);

    await agent.get('/api/v1/me').expect(401);
  });

  it('needs a CSRF token on page forms, and gives a fresh session id at login', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const form = await agent.get('/logga-in').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    const anonymousCookie = sessionCookie(form);
    expect(token).toBeDefined();
    expect(anonymousCookie).toBeDefined();

    const forged = await request(world.testApp.app.getHttpServer())
      .post('/logga-in')
      .type('form')
      .send({ username: 'rektor', password: DEMO_PASSWORD })
      .expect(403);
    expect(forged.text).toContain('Formuläret har gått ut');

    const signedIn = await agent
      .post('/logga-in')
      .type('form')
      .send({ _csrf: token, username: 'rektor', password: DEMO_PASSWORD, nasta: '/' })
      .expect(303);
    expect(signedIn.headers.location).toBe('/');
    const signedInCookie = sessionCookie(signedIn);
    expect(signedInCookie?.split(';')[0]).not.toBe(anonymousCookie?.split(';')[0]);

    const home = await agent.get('/').expect(200);
    expect(home.text).toContain('Välkommen, Eva Sandberg');
  });

  it('shows a wrong password on the login page in Swedish and keeps the username', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const form = await agent.get('/logga-in?nasta=/elever/x');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];

    const response = await agent
      .post('/logga-in')
      .type('form')
      .send({ _csrf: token, username: 'granskare', password: 'fel', nasta: '/elever/x' })
      .expect(401);

    expect(response.text).toContain('Fel användarnamn eller lösenord.');
    expect(response.text).toContain('value="granskare"');
  });

  it('never redirects off-site after login', async () => {
    const agent = request.agent(world.testApp.app.getHttpServer());
    const form = await agent.get('/logga-in');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];

    const response = await agent
      .post('/logga-in')
      .type('form')
      .send({
        _csrf: token,
        username: 'granskare',
        password: DEMO_PASSWORD,
        nasta: '//evil.example/',
      })
      .expect(303);

    expect(response.headers.location).toBe('/');
  });

  it('refuses form-encoded posts to the JSON API (no cross-site form can use it)', async () => {
    const response = await world.testApp
      .http()
      .post('/api/v1/auth/login')
      .type('form')
      .send({ username: 'admin', password: DEMO_PASSWORD })
      .expect(400);

    expect(response.body.error.message).toContain('JSON');
  });
});

describe('an administrator gives an account a password', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld();
  });

  afterAll(() => world.close());

  it('lets the person sign in with it, refuses a short one, and audits the change', async () => {
    const admin = await world.signIn('admin');
    const found = await admin.get('/api/v1/accounts?search=Holm').expect(200);
    const reviewer = (found.body as { id: string; username: string; roles: string[] }[]).find(
      (account) => account.roles.includes('reviewer'),
    );
    expect(reviewer).toBeDefined();

    const short = await admin
      .put(`/api/v1/accounts/${reviewer!.id}/password`)
      .send({ password: 'kort' })
      .expect(400);
    expect(short.body.error.fields).toEqual([
      { field: 'password', problems: ['måste ha minst 12 tecken'] },
    ]);

    await admin
      .put(`/api/v1/accounts/${reviewer!.id}/password`)
      .send({ password: 'granskning pågår 2026' })
      .expect(204);
    await world.testApp
      .http()
      .post('/api/v1/auth/login')
      .send({ username: reviewer!.username, password: 'granskning pågår 2026' })
      .expect(200);
    const audited = await query(
      world.testApp,
      "select target_id from audit_entry where action = 'auth.password.set'",
    );
    expect(audited).toEqual([{ target_id: reviewer!.id }]);
  });
});

describe('login rate limit per client address', () => {
  let world: DemoWorld;

  beforeAll(async () => {
    world = await startDemoWorld({ env: { LOGIN_RATE_LIMIT: '3' } });
  });

  afterAll(() => world.close());

  it('refuses further attempts from one address once it has failed too often, but not a person who signed in there before', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await world.testApp
        .http()
        .post('/api/v1/auth/login')
        .send({ username: 'admin', password: DEMO_PASSWORD })
        .expect(200);
    }
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await world.testApp
        .http()
        .post('/api/v1/auth/login')
        .send({ username: 'x', password: 'y' })
        .expect(401);
    }

    // An account that never signed in from here is refused here, even with its password.
    const limited = await world.testApp
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'granskare', password: DEMO_PASSWORD })
      .expect(429);
    expect(limited.body.error.message).toMatch(
      /^För många misslyckade inloggningsförsök från din adress\. Försök igen om \d+ minuter?\.$/,
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Whoever signed in from this address before is not shut out by others' guessing (a school's
    // shared address).
    await world.testApp
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: DEMO_PASSWORD })
      .expect(200);
  });
});

describe('password spraying, and locks that cannot be used to keep a person out', () => {
  let world: DemoWorld;
  const from = (address: string) => ({
    login: (username: string, password: string) =>
      world.testApp
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', address)
        .send({ username, password }),
  });

  beforeAll(async () => {
    world = await startDemoWorld({
      env: {
        // Behind one proxy: the client address is the one it forwards.
        TRUST_PROXY_HOPS: '1',
        LOGIN_ADDRESS_MAX_USERNAMES: '10',
        LOGIN_ACCOUNT_MAX_FAILURES: '8',
      },
    });
  });

  afterAll(() => world.close());

  it('stops one password tried on 30 usernames from one address after 10, with Retry-After, on the API and the form', async () => {
    const sprayer = from('203.0.113.10');
    const usernames = [
      ...['granskare', 'teamledare', 'mentor', 'larare', 'rektor', 'arkivarie', 'admin'],
      ...Array.from({ length: 23 }, (_, index) => `anvandare${index + 1}`),
    ];
    const answers: number[] = [];
    let last: request.Response | undefined;
    for (const username of usernames) {
      last = await sprayer.login(username, 'Sommar2026!');
      answers.push(last.status);
    }

    expect(answers.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 401));
    expect(answers.slice(10)).toEqual(Array.from({ length: 20 }, () => 429));
    expect(last?.body.error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(last?.body.error.message).toContain('från din adress');
    // The hour's window: at most an hour to wait.
    const wait = Number(last?.headers['retry-after']);
    expect(wait).toBeGreaterThan(55 * 60);
    expect(wait).toBeLessThanOrEqual(60 * 60);
    // The right password from that address is refused too; the person gets in from elsewhere.
    await sprayer.login('elev', DEMO_PASSWORD).expect(429);
    await from('198.51.100.1').login('elev', DEMO_PASSWORD).expect(200);

    // The form says the same in Swedish, with the same header.
    const agent = request.agent(world.testApp.app.getHttpServer());
    const form = await agent.get('/logga-in').set('X-Forwarded-For', '203.0.113.10').expect(200);
    const page = await agent
      .post('/logga-in')
      .set('X-Forwarded-For', '203.0.113.10')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), username: 'vardnadshavare', password: DEMO_PASSWORD })
      .expect(429);
    expect(page.text).toContain('För många misslyckade inloggningsförsök från din adress.');
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('locks a reviewer only from the address that guessed: the reviewer signs in from theirs', async () => {
    const [before] = await query(world.testApp, 'select max(id) as id from audit_entry');
    const attacker = from('203.0.113.20');
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await attacker.login('granskare', `gissning-${attempt}`).expect(401);
    }
    const locking = await attacker.login('granskare', 'gissning-5').expect(429);
    expect(locking.body.error.message).toMatch(/^Kontot är tillfälligt låst .* 15 minuter\.$/);
    expect(Number(locking.headers['retry-after'])).toBe(15 * 60);
    // Locked for the attacker's address, even with the right password…
    await attacker.login('granskare', DEMO_PASSWORD).expect(429);
    // …but not for the reviewer at another address.
    await from('198.51.100.2').login('granskare', DEMO_PASSWORD).expect(200);
    // The lock from the attacker's address stands; the audit tells what happened.
    await attacker.login('granskare', DEMO_PASSWORD).expect(429);
    const audited = await query(
      world.testApp,
      `select a.action, a.details->>'reason' as reason from audit_entry a
        join account c on c.id = a.actor_account_id
        where c.username = 'granskare' and a.action like 'auth.%' and a.id > $1 order by a.id`,
      [before?.id],
    );
    expect(audited.map((row) => `${String(row.action)} ${String(row.reason)}`)).toEqual([
      ...Array.from({ length: 4 }, () => 'auth.login.failed wrong-password'),
      'auth.account.locked wrong-password',
      'auth.login.refused locked-from-address',
      'auth.login.succeeded null',
      'auth.login.refused locked-from-address',
    ]);
  });

  it('backs off an account guessed at from many addresses, but never where the person signed in before', async () => {
    // The team lead signs in at the office.
    const office = from('198.51.100.7');
    await office.login('teamledare', DEMO_PASSWORD).expect(200);
    // Guesses from four addresses, two each (below the per-address lock): the eighth locks it.
    const answers: number[] = [];
    for (const address of ['203.0.113.31', '203.0.113.32', '203.0.113.33', '203.0.113.34']) {
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        answers.push((await from(address).login('teamledare', `fel-${attempt}`)).status);
      }
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 401, 401, 429]);
    // A new address is refused, with the time to wait; so is a guesser's with the right password.
    const elsewhere = await from('198.51.100.99').login('teamledare', DEMO_PASSWORD).expect(429);
    expect(elsewhere.body.error.message).toContain('Kontot är tillfälligt låst');
    expect(Number(elsewhere.headers['retry-after'])).toBeGreaterThan(14 * 60);
    await from('203.0.113.31').login('teamledare', DEMO_PASSWORD).expect(429);
    // At the office the person gets in, and the back-off ends with the login.
    await office.login('teamledare', DEMO_PASSWORD).expect(200);
    await from('198.51.100.99').login('teamledare', DEMO_PASSWORD).expect(200);
    const [row] = await query(
      world.testApp,
      "select failed_login_count, locked_until from account where username = 'teamledare'",
    );
    expect(row).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('answers a username without an account exactly as one with an account, back-off included', async () => {
    const sequence = async (username: string) => {
      const answers: string[] = [];
      for (let attempt = 1; attempt <= 8; attempt += 1) {
        const response = await from(`192.0.2.${attempt}`).login(username, `fel-${attempt}`);
        answers.push(
          `${response.status} ${String(response.body.error?.message)} ${String(response.headers['retry-after'])}`,
        );
      }
      const after = await from('192.0.2.100').login(username, 'fel-igen');
      answers.push(`${after.status} ${String(after.body.error?.message)}`);
      return answers;
    };
    expect(await sequence('finns-inte-alls')).toEqual(await sequence('vardnadshavare'));
  });
});
