import request from 'supertest';

import { DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';

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

  it('locks an account after repeated wrong passwords, even against the right one', async () => {
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

    await query(
      world.testApp,
      "update account set locked_until = now() - interval '1 minute' where username = 'arkivarie'",
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

  it('refuses further attempts from one address once it has failed too often, but not for successes', async () => {
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

    const limited = await world.testApp
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: DEMO_PASSWORD })
      .expect(429);

    expect(limited.body.error.message).toMatch(/För många misslyckade inloggningsförsök/);
  });
});
