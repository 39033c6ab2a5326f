import { randomBytes, randomUUID } from 'node:crypto';

import sharp from 'sharp';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { isApiPath } from '../../src/common/http/paths';
import type { DemoUsername } from '../../src/demo/demo-directory';
import { csrfFrom, DEMO_PASSWORD, DemoWorld, query, startDemoWorld } from '../support/demo-world';
import { registeredRoutes, RegisteredRoute, routeKey } from '../support/routes';
import { tally } from '../support/tally';
import { inlineCodeProblems, securityHeaderProblems } from '../support/websec';

type Role = DemoUsername | 'anonymous';

interface PagePost {
  /** Who may use the form (the forged posts come with this role's session). */
  readonly role: Role;
  /** What the form sends when filled in (beside `_csrf`). */
  readonly body: Record<string, string>;
  /** A multipart form: the token travels in the multipart body, checked once it is read. */
  readonly photo?: true;
}

const FORGED = 'Formuläret har gått ut eller kom från en annan webbplats.';
const ANY = randomUUID();

/**
 * Every page form that changes something, with a role that may use it and a
 * filled-in body. A new page POST fails the first test until it is added here.
 */
const PAGE_POSTS: Record<string, PagePost> = {
  'POST /admin/import': { role: 'admin', body: { fileName: 'elever.csv' } },
  'POST /admin/registerutdrag': { role: 'admin', body: {} },
  'POST /admin/registerutdrag/:extractId/skickat': { role: 'admin', body: {} },
  'POST /admin/registerutdrag/:extractId/ta-fram': { role: 'admin', body: {} },
  'POST /admin/konton/:accountId/losenord': {
    role: 'admin',
    body: { password: 'ett helt nytt lösenord' },
  },
  'POST /begaran': { role: 'anonymous', body: { description: 'Planer.', delivery: 'on_site' } },
  // The status page's forms act on the request the session opened with its code.
  'POST /begaran/hamta': { role: 'anonymous', body: {} },
  'POST /begaran/status': { role: 'anonymous', body: { kod: 'DEMA-0000-0004' } },
  'POST /begaran/status/aterkalla': { role: 'anonymous', body: { bekrafta: 'ja' } },
  'POST /begaran/status/overklaga': { role: 'anonymous', body: { skal: 'Jag vill ha ut allt.' } },
  'POST /begaran/status/stang': { role: 'anonymous', body: {} },
  'POST /begaran/status/svar': {
    role: 'anonymous',
    body: { svar: 'Det gäller läsåret 2025/26.' },
  },
  'POST /elever/:pupilId/planer': { role: 'mentor', body: {} },
  // Confirmed: a forged post must not run a disposal even with the confirmation page's field.
  'POST /gallring/kor': { role: 'arkivarie', body: { bekraftat: 'ja' } },
  'POST /gallring/sparr': { role: 'arkivarie', body: { reason: 'Tvist.' } },
  'POST /gallring/sparr/:id/hav': { role: 'arkivarie', body: {} },
  'POST /handlaggning/begaran/:id/:action': { role: 'granskare', body: {} },
  'POST /handlaggning/begaran/:id/handlingar/:itemId/beslut': {
    role: 'granskare',
    body: { decision: 'release' },
  },
  'POST /handlaggning/begaran/:id/handlingar/:itemId/for-over': {
    role: 'granskare',
    body: { alla: 'ja', version: '0' },
  },
  'POST /handlaggning/begaran/:id/handlingar/:itemId/godkann': {
    role: 'granskare',
    body: { version: '0' },
  },
  'POST /handlaggning/begaran/:id/handlingar/:itemId/forhandsgranska': {
    role: 'granskare',
    body: {},
  },
  'POST /handlaggning/begaran/:id/handlingar/:itemId/sekretessmarkering': {
    role: 'granskare',
    body: { provision: 'OSL 21 kap. 7 §' },
  },
  'POST /handlaggning/begaran/:id/overklagande/:appealId/:action': {
    role: 'granskare',
    body: {},
  },
  'POST /handlaggning/registrera': {
    role: 'granskare',
    body: { description: 'Brev.', delivery: 'on_site' },
  },
  'POST /installningar/aviseringar': {
    role: 'vardnadshavare',
    body: { 'kind_plan-ready': 'ja', email: 'csrf@example.se' },
  },
  'POST /logga-in': { role: 'anonymous', body: { username: 'admin', password: DEMO_PASSWORD } },
  'POST /logga-ut': { role: 'elev', body: {} },
  'POST /mina-barn/:pupilId/begaran': { role: 'vardnadshavare', body: { delivery: 'electronic' } },
  'POST /mina-barn/samtal/:pupilId/avboka': { role: 'vardnadshavare', body: {} },
  'POST /mina-barn/samtal/hushall': {
    role: 'vardnadshavare',
    body: { vardnadshavare: ANY, tillsammans: 'ja' },
  },
  'POST /mina-barn/samtal/:pupilId/boka': { role: 'vardnadshavare', body: { slotId: ANY } },
  'POST /planer/:planId/:section': { role: 'mentor', body: { otherDevelopment: 'Ändrat.' } },
  'POST /profil': { role: 'vardnadshavare', body: { phone: '070-000 00 00' } },
  'POST /profil/bild': { role: 'vardnadshavare', body: {}, photo: true },
  'POST /profil/bild/ta-bort': { role: 'vardnadshavare', body: {} },
  'POST /profil/klasslista': { role: 'vardnadshavare', body: { visa: 'phone' } },
  'POST /registerutdrag': { role: 'vardnadshavare', body: {} },
  'POST /registerutdrag/:extractId/lank': { role: 'vardnadshavare', body: {} },
  'POST /samtal/:groupId/tider': {
    role: 'mentor',
    body: {
      day: '2030-01-15',
      firstStart: '09:00',
      lastStart: '09:30',
      minutes: '30',
      place: 'Rum 1',
    },
  },
  'POST /samtal/:groupId/tider/:slotId/ta-bort': { role: 'mentor', body: {} },
  'POST /skolenheter/:unitId/iup-mall': { role: 'rektor', body: { goals: 'Mål.' } },
  'POST /skolenheter/:unitId/uppfoljning/paminn': { role: 'rektor', body: { klass: 'alla' } },
  'POST /vidarebefordra-begaran': {
    role: 'mentor',
    body: { description: 'Vidarebefordrad.', delivery: 'on_site' },
  },
};

/** The path with its parameters filled in: the token is checked before any handler looks. */
function concrete(route: RegisteredRoute, ids: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => ids[name] ?? ANY);
}

interface Session {
  readonly agent: TestAgent;
  readonly token: string;
}

describe('web security: CSRF on every state-changing form, and the API takes no form bodies', () => {
  let world: DemoWorld;
  let routes: RegisteredRoute[];
  let photo: Buffer;
  const ids: Record<string, string> = {};
  /** Request ids of every forged post, to find any audit entry one of them caused. */
  const forgedRequestIds: string[] = [];

  beforeAll(async () => {
    world = await startDemoWorld();
    routes = registeredRoutes(world.testApp.app);
    photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a33' } })
      .jpeg()
      .toBuffer();
    ids.pupilId = await world.personId('demo:person:pupil-4-1');
    // An account no test signs in with: the form's own post (last test) changes its password.
    const [account] = await query(
      world.testApp,
      "select a.id from account a join person p on p.id = a.person_id where p.external_id = 'demo:person:reviewer-2'",
    );
    ids.accountId = String(account?.id);
    ids.action = 'claim';
    ids.section = 'ovrigt';
  });

  afterAll(() => world.close());

  const sessions = new Map<string, Session>();

  /** A session of the role (one of two kept for the test), with the token its forms carry. */
  async function session(role: Role, which: 'own' | 'other' | 'fresh'): Promise<Session> {
    const kept = sessions.get(`${role} ${which}`);
    if (kept) return kept;
    const started = await newSession(role);
    if (which !== 'fresh') sessions.set(`${role} ${which}`, started);
    return started;
  }

  async function newSession(role: Role): Promise<Session> {
    const agent = request.agent(world.testApp.app.getHttpServer());
    if (role !== 'anonymous') {
      await agent
        .post('/api/v1/auth/login')
        .send({ username: role, password: DEMO_PASSWORD })
        .expect(200);
    }
    const page = await agent
      .get(role === 'anonymous' ? '/logga-in' : '/')
      .redirects(2)
      .expect(200);
    return { agent, token: csrfFrom(page.text) };
  }

  function post(agent: TestAgent, path: string, form: PagePost, token: string | null) {
    const requestId = randomUUID();
    forgedRequestIds.push(requestId);
    if (form.photo) {
      // As the page's form sends it: the token in the multipart body, never in the URL.
      const upload = agent.post(path).set('X-Request-Id', requestId);
      return (token === null ? upload : upload.field('_csrf', token)).attach('photo', photo, {
        filename: 'bild.jpg',
        contentType: 'image/jpeg',
      });
    }
    return agent
      .post(path)
      .set('X-Request-Id', requestId)
      .type('form')
      .send(token === null ? form.body : { ...form.body, _csrf: token });
  }

  it('knows every page form that changes something', () => {
    const pagePosts = routes.filter((route) => route.method !== 'GET' && !isApiPath(route.path));
    const unchecked = pagePosts.map(routeKey).filter((key) => !PAGE_POSTS[key]);
    const gone = Object.keys(PAGE_POSTS).filter(
      (key) => !pagePosts.some((route) => routeKey(route) === key),
    );

    tally('websec', { cases: pagePosts.length, failures: unchecked.length + gone.length });
    expect(unchecked).toEqual([]);
    expect(gone).toEqual([]);
  });

  it('refuses every page form without a token, with a wrong one and with another session’s, and changes nothing', async () => {
    const refusedWrongly: string[] = [];
    let cases = 0;
    const pagePosts = routes.filter((route) => route.method !== 'GET' && !isApiPath(route.path));
    for (const route of pagePosts) {
      const form = PAGE_POSTS[routeKey(route)];
      if (!form) continue;
      const path = concrete(route, ids);
      const own = await session(form.role, 'own');
      const other = await session(form.role, 'other');
      const variants: [string, TestAgent, string | null][] = [
        ['no token', own.agent, null],
        ['a wrong token', own.agent, randomBytes(32).toString('base64url')],
        ['the token one character off', own.agent, `${own.token.slice(0, -1)}x`],
        ['another session’s token', own.agent, other.token],
        ['no session at all', request.agent(world.testApp.app.getHttpServer()), own.token],
      ];
      for (const [variant, agent, token] of variants) {
        const response = await post(agent, path, form, token);
        cases += 1;
        const problems = [
          ...(response.status === 403 ? [] : [`status ${response.status}`]),
          ...(response.type === 'text/html' && response.text.includes(FORGED)
            ? []
            : ['not the Swedish page']),
          ...securityHeaderProblems(response),
          ...inlineCodeProblems(response.text),
        ];
        refusedWrongly.push(...problems.map((p) => `${routeKey(route)} with ${variant}: ${p}`));
      }
      // The forged logout left the session signed in; the forged login signed no one in.
      if (form.role !== 'anonymous') {
        await own.agent.get('/api/v1/me').expect(200);
      }
    }
    const audited = await query(
      world.testApp,
      'select action, request_id from audit_entry where request_id = any($1)',
      [forgedRequestIds],
    );

    tally('websec', { cases, failures: refusedWrongly.length + audited.length });
    expect(refusedWrongly).toEqual([]);
    expect(audited).toEqual([]);
  });

  it('lets every page form through with its own session’s token (the refusals above are the token’s)', async () => {
    const refused: string[] = [];
    const pagePosts = routes.filter((route) => route.method !== 'GET' && !isApiPath(route.path));
    for (const route of pagePosts) {
      const form = PAGE_POSTS[routeKey(route)];
      if (!form) continue;
      // Signing in and out change the session itself: those get one of their own.
      const own = await session(
        form.role,
        ['POST /logga-in', 'POST /logga-ut'].includes(routeKey(route)) ? 'fresh' : 'own',
      );
      const response = await post(own.agent, concrete(route, ids), form, own.token);
      if (response.text.includes(FORGED) || response.status >= 500) {
        refused.push(`${routeKey(route)}: ${response.status}`);
      }
      if (routeKey(route) === 'POST /begaran') {
        // The receipt page comes only after filing; its headers and markup are checked here.
        expect(response.headers.location).toBe('/begaran/kvitto');
        const receipt = await own.agent.get('/begaran/kvitto').expect(200);
        refused.push(...securityHeaderProblems(receipt), ...inlineCodeProblems(receipt.text));
      }
    }

    tally('websec', { cases: pagePosts.length, failures: refused.length });
    expect(refused).toEqual([]);
  });

  it('refuses form-encoded, multipart and text/plain bodies on every API write, in the stable shape', async () => {
    const accepted: string[] = [];
    const apiWrites = routes.filter((route) => route.method !== 'GET' && isApiPath(route.path));
    const admin = await world.signIn('admin');
    const requestIds: string[] = [];
    const bodies: [string, (test: request.Test) => request.Test][] = [
      ['form-encoded', (test) => test.type('form').send({ username: 'admin', text: 'x' })],
      ['text/plain', (test) => test.set('Content-Type', 'text/plain').send('{"text":"x"}')],
      ['multipart', (test) => test.field('text', 'x')],
    ];
    for (const route of apiWrites) {
      const path = concrete(route, ids);
      for (const [kind, withBody] of bodies) {
        const requestId = randomUUID();
        requestIds.push(requestId);
        const method = route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
        const response = await withBody(admin[method](path).set('X-Request-Id', requestId));
        const error = (response.body as { error?: Record<string, unknown> }).error;
        if (
          response.status !== 400 ||
          error?.code !== 'VALIDATION_FAILED' ||
          !String(error?.message).includes('JSON') ||
          error?.requestId !== requestId
        ) {
          accepted.push(`${routeKey(route)} ${kind}: ${response.status} ${response.text}`);
        }
      }
    }
    const audited = await query(
      world.testApp,
      'select action from audit_entry where request_id = any($1)',
      [requestIds],
    );

    tally('websec', {
      cases: apiWrites.length * bodies.length,
      failures: accepted.length + audited.length,
    });
    expect(accepted).toEqual([]);
    expect(audited).toEqual([]);
  });

  it('refuses every API write a page on another site sends, even one without a body', async () => {
    const accepted: string[] = [];
    const apiWrites = routes.filter((route) => route.method !== 'GET' && isApiPath(route.path));
    const admin = await world.signIn('admin');
    const requestIds: string[] = [];
    // A bodyless fetch() has no content type to refuse; the browser still says where it came
    // from. SameSite=Lax keeps the cookie from other sites, not from the rest of kommun.example.
    const origins = [
      ['cross-site', 'https://angripare.example'],
      ['same-site', 'https://annan-tjanst.kommun.example'],
    ];
    for (const route of apiWrites) {
      for (const [site, origin] of origins) {
        const requestId = randomUUID();
        requestIds.push(requestId);
        const method = route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
        const response = await admin[method](concrete(route, ids))
          .set('X-Request-Id', requestId)
          .set('Sec-Fetch-Site', site ?? '')
          .set('Sec-Fetch-Mode', 'no-cors')
          .set('Origin', origin ?? '');
        const error = (response.body as { error?: Record<string, unknown> }).error;
        if (
          response.status !== 403 ||
          error?.code !== 'FORBIDDEN' ||
          error?.requestId !== requestId
        ) {
          accepted.push(`${routeKey(route)} ${site}: ${response.status}`);
        }
      }
    }
    const audited = await query(
      world.testApp,
      'select action from audit_entry where request_id = any($1)',
      [requestIds],
    );
    // The service's own pages still reach the API.
    await admin.get('/api/v1/me').set('Sec-Fetch-Site', 'same-origin').expect(200);
    await admin
      .post('/api/v1/content-guard/check')
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ text: 'Eleven läser bra.' })
      .expect((response) => expect(response.status).not.toBe(403));

    tally('websec', {
      cases: apiWrites.length * origins.length,
      failures: accepted.length + audited.length,
    });
    expect(accepted).toEqual([]);
    expect(audited).toEqual([]);
  });
});
