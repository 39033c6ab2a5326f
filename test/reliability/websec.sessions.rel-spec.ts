import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { csrfFrom, DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { EidWorld, identifyAtBroker, startEidWorld } from '../support/oidc-login';
import { tally } from '../support/tally';
import { startTestApp, TestApp } from '../support/test-app';
import { cookiePair, sessionCookieOf, sessionIdOf } from '../support/websec';

/** What is wrong with a session cookie's flags (Secure only where the service is on HTTPS). */
function cookieFlagProblems(setCookie: string | undefined, secure: boolean): string[] {
  if (!setCookie) return ['no session cookie'];
  const flags = setCookie
    .split(';')
    .slice(1)
    .map((flag) => flag.trim().toLowerCase());
  return [
    ...(flags.includes('httponly') ? [] : ['not HttpOnly']),
    ...(flags.includes('samesite=lax') || flags.includes('samesite=strict') ? [] : ['SameSite']),
    ...(flags.includes('path=/') ? [] : ['Path']),
    ...(flags.includes('secure') === secure ? [] : [`Secure should be ${String(secure)}`]),
    ...(flags.some((flag) => flag.startsWith('domain=')) ? ['Domain set'] : []),
  ].map((problem) => `${problem}: ${setCookie}`);
}

/** Signs in through the login page's form, starting from a session the page made. */
async function formLogin(agent: TestAgent, username: string, password: string) {
  const page = await agent.get('/logga-in').expect(200);
  const response = await agent
    .post('/logga-in')
    .type('form')
    .send({ _csrf: csrfFrom(page.text), username, password, nasta: '/' });
  return { before: sessionCookieOf(page), response };
}

describe('web security: session cookies, fixation, logout and lockout', () => {
  let world: DemoWorld;
  const http = () => world.testApp.http();

  beforeAll(async () => {
    world = await startDemoWorld({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '15' } });
  });

  afterAll(() => world.close());

  it('sets the session cookie HttpOnly, SameSite, Path=/ and (over HTTP here) without Secure', async () => {
    const anonymous = await http().get('/logga-in').expect(200);
    const api = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'mentor', password: DEMO_PASSWORD })
      .expect(200);
    const form = await formLogin(
      request.agent(world.testApp.app.getHttpServer()),
      'rektor',
      DEMO_PASSWORD,
    );
    const cookies = [
      sessionCookieOf(anonymous),
      sessionCookieOf(api),
      sessionCookieOf(form.response),
    ];
    const problems = cookies.flatMap((cookie) => cookieFlagProblems(cookie, false));

    tally('websec', { cases: cookies.length * 5, failures: problems.length });
    expect(problems).toEqual([]);
    // A page without a form makes no session at all.
    expect(sessionCookieOf(await http().get('/information').expect(200))).toBeUndefined();
  });

  it('gives a new session at every login, and the session from before does not sign anyone in', async () => {
    const problems: string[] = [];
    // The form: the session the login page made is replaced.
    const agent = request.agent(world.testApp.app.getHttpServer());
    const form = await formLogin(agent, 'granskare', DEMO_PASSWORD);
    expect(form.response.status).toBe(303);
    // The API, with a session planted before (the login page's) and one made up.
    const planted = sessionCookieOf(await http().get('/logga-in').expect(200))!;
    const api = await http()
      .post('/api/v1/auth/login')
      .set('Cookie', cookiePair(planted))
      .send({ username: 'granskare', password: DEMO_PASSWORD })
      .expect(200);
    const madeUp = 'iup.sid=s%3Aangriparens-egen-session.ogiltig';
    const api2 = await http()
      .post('/api/v1/auth/login')
      .set('Cookie', madeUp)
      .send({ username: 'granskare', password: DEMO_PASSWORD })
      .expect(200);
    const logins: [string, string | undefined, string | undefined][] = [
      ['form', form.before, sessionCookieOf(form.response)],
      ['api', planted, sessionCookieOf(api)],
      ['api, made-up cookie', madeUp, sessionCookieOf(api2)],
    ];
    for (const [how, before, after] of logins) {
      if (!before || !after || sessionIdOf(before) === sessionIdOf(after)) {
        problems.push(`${how}: the session id stayed ${String(after)}`);
        continue;
      }
      const old = await http().get('/api/v1/me').set('Cookie', cookiePair(before));
      if (old.status !== 401) problems.push(`${how}: the old session answers ${old.status}`);
      await http().get('/api/v1/me').set('Cookie', cookiePair(after)).expect(200);
    }

    tally('websec', { cases: logins.length * 2, failures: problems.length });
    expect(problems).toEqual([]);
  });

  it('ends the session on the server at logout, by the API and by the form', async () => {
    const problems: string[] = [];
    // By the API.
    const api = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'elev', password: DEMO_PASSWORD })
      .expect(200);
    const apiCookie = cookiePair(sessionCookieOf(api)!);
    const apiLogout = await http().post('/api/v1/auth/logout').set('Cookie', apiCookie).expect(204);
    // By the form.
    const agent = request.agent(world.testApp.app.getHttpServer());
    const form = await formLogin(agent, 'larare', DEMO_PASSWORD);
    const formCookie = cookiePair(sessionCookieOf(form.response)!);
    const home = await agent.get('/').expect(200);
    const formLogout = await agent
      .post('/logga-ut')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);

    for (const [how, cookie, logout] of [
      ['api', apiCookie, apiLogout],
      ['form', formCookie, formLogout],
    ] as const) {
      // The browser is told to drop the cookie …
      if (!/Expires=Thu, 01 Jan 1970/.test(sessionCookieOf(logout) ?? '')) {
        problems.push(`${how}: the cookie is not cleared`);
      }
      // … and a copy kept elsewhere opens nothing.
      const me = await http().get('/api/v1/me').set('Cookie', cookie);
      const page = await http().get('/profil').set('Cookie', cookie).set('Accept', 'text/html');
      if (me.status !== 401) problems.push(`${how}: the API still answers ${me.status}`);
      if (page.status !== 303 || !String(page.headers.location).startsWith('/logga-in')) {
        problems.push(`${how}: a page still answers ${page.status}`);
      }
    }

    tally('websec', { cases: 6, failures: problems.length });
    expect(problems).toEqual([]);
  });

  /** Three wrong passwords, by the API, the form, the API; then the right one both ways. */
  async function lockoutSequence(username: string): Promise<string[]> {
    const answers: string[] = [];
    const apiAttempt = async (password: string) => {
      const response = await http().post('/api/v1/auth/login').send({ username, password });
      const error = response.body.error as Record<string, unknown> | undefined;
      answers.push(`api ${response.status} ${String(error?.code)} ${String(error?.message)}`);
      if (error && error.requestId !== response.headers['x-request-id']) {
        answers.push('api: not the stable error shape');
      }
    };
    const formAttempt = async (password: string) => {
      const { response } = await formLogin(
        request.agent(world.testApp.app.getHttpServer()),
        username,
        password,
      );
      const message =
        /class="error-summary"[\s\S]*?<p>([^<]*)<\/p>/.exec(response.text)?.[1] ?? 'no message';
      answers.push(`form ${response.status} ${message.trim()}`);
    };
    await apiAttempt('fel-1');
    await formAttempt('fel-2');
    await apiAttempt('fel-3');
    await formAttempt(DEMO_PASSWORD);
    await apiAttempt(DEMO_PASSWORD);
    return answers;
  }

  it('locks an account across the API and the form, in Swedish, with the stable shape', async () => {
    const answers = await lockoutSequence('arkivarie');

    tally('websec', { cases: answers.length, failures: 0 });
    expect(answers).toEqual([
      'api 401 UNAUTHENTICATED Fel användarnamn eller lösenord.',
      expect.stringMatching(/^form 401 .*Fel användarnamn eller lösenord\./),
      expect.stringMatching(/^api 429 RATE_LIMITED Kontot är tillfälligt låst .* 15 minuter\.$/),
      expect.stringMatching(/^form 429 .*Kontot är tillfälligt låst .* 15 minuter\./),
      expect.stringMatching(/^api 429 RATE_LIMITED Kontot är tillfälligt låst/),
    ]);
  });

  it('answers a username that does not exist exactly like one that does, lockout included', async () => {
    const existing = await lockoutSequence('admin');
    const unknown = await lockoutSequence('finns-inte-alls');
    const differing = existing.filter((answer, index) => unknown[index] !== answer);

    tally('websec', { cases: existing.length, failures: differing.length });
    expect(unknown).toEqual(existing);
  });
});

describe('web security: the session cookie on a service reached over HTTPS', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({
      env: { PUBLIC_BASE_URL: 'https://iup.kommun.example', TRUST_PROXY_HOPS: '1' },
    });
  });

  afterAll(() => testApp.close());

  it('marks the cookie Secure, and sends none over plain HTTP', async () => {
    const overHttps = await testApp
      .http()
      .get('/logga-in')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    const overHttp = await testApp.http().get('/logga-in').expect(200);
    const problems = [
      ...cookieFlagProblems(sessionCookieOf(overHttps), true),
      ...(sessionCookieOf(overHttp) ? ['a session cookie over plain HTTP'] : []),
    ];

    tally('websec', { cases: 6, failures: problems.length });
    expect(problems).toEqual([]);
  });
});

describe('web security: a new session after e-legitimation', () => {
  let eid: EidWorld;

  beforeAll(async () => {
    eid = await startEidWorld(30);
  });

  afterAll(() => eid?.close());

  it('replaces the session that started the login, which then signs no one in', async () => {
    const { world, baseUrl } = eid;
    const agent = request.agent(world.testApp.app.getHttpServer());
    const started = await agent.get('/logga-in/bankid?nasta=/mina-barn').expect(303);
    const before = sessionCookieOf(started);
    const [guardian] = await query(
      world.testApp,
      "select civic_no from person where external_id = 'demo:person:guardian-shared'",
    );
    const callback = await identifyAtBroker(
      new URL(String(started.headers.location)),
      String(guardian?.civic_no),
      baseUrl,
    );
    const signedIn = await agent.get(callback).expect(303).expect('Location', '/mina-barn');
    const after = sessionCookieOf(signedIn);
    const problems = [
      ...(before && after && sessionIdOf(before) !== sessionIdOf(after)
        ? []
        : [`the session id stayed: ${String(before)} → ${String(after)}`]),
      ...cookieFlagProblems(after, false),
    ];
    await agent.get('/api/v1/me').expect(200);
    const old = await world.testApp
      .http()
      .get('/api/v1/me')
      .set('Cookie', cookiePair(before ?? ''));
    if (old.status !== 401) problems.push(`the old session answers ${old.status}`);

    tally('websec', { cases: 7, failures: problems.length });
    expect(problems).toEqual([]);
  });
});
