import { randomUUID } from 'node:crypto';

import { Controller, Get } from '@nestjs/common';
import sharp from 'sharp';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { isApiPath } from '../../src/common/http/paths';
import { DEMO_ACCOUNTS, DemoUsername } from '../../src/demo/demo-directory';
import {
  chooseClassListDetails,
  csrfFrom,
  DEMO_PASSWORD,
  DemoWorld,
  eventually,
  query,
  startDemoWorld,
} from '../support/demo-world';
import { registeredRoutes, RegisteredRoute } from '../support/routes';
import { tally } from '../support/tally';
import {
  inlineCodeProblems,
  linksOf,
  routePattern,
  securityHeaderProblems,
  sessionCookieOf,
  sessionIdOf,
} from '../support/websec';

/** A page and an API route that fail, for the headers of the 500 answers. */
@Controller()
class FailingProbeController {
  @Get('websec-probe/boom')
  failPage(): never {
    throw new Error('probe failure');
  }

  @Get('api/v1/websec-probe/boom')
  failApi(): never {
    throw new Error('probe failure');
  }
}

function testPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 40, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();
}

type Role = DemoUsername | 'anonymous';
/** Every demo account, and no account at all. */
const ROLES: Role[] = ['anonymous', ...(Object.keys(DEMO_ACCOUNTS) as DemoUsername[])];

/** Where each role's crawl starts besides the links the pages give. */
const SEEDS = [
  '/',
  '/begaran',
  '/begaran/status',
  '/information',
  '/logga-in',
  '/finns-inte',
  '/admin/konton?sok=a',
  '/static/css/app.css',
  '/static/js/autosave.js',
  '/favicon.ico',
  '/health/live',
  '/health/ready',
  '/api/docs',
  '/websec-probe/boom',
];

/** Concrete paths crawled per route and role: the markup comes from the route's template. */
const PER_ROUTE = 1;

/** PDFs, photos and documents: crawled once, by whoever reaches them first. */
function isFile(routePath: string): boolean {
  return /\/pdf$|\/bild|\/dokument\//.test(routePath);
}
const MAX_PAGES_PER_ROLE = 150;

/**
 * GET routes no link leads to in the demo, with why. Anything else a role can
 * reach must be reached by the crawl, so a new page is scanned without being
 * listed here.
 */
const NOT_CRAWLED: Record<string, string> = {
  'GET /handlaggning/begaran/:id/klar':
    'the letter before completing: shown only for a request ready to complete, reached by the request page’s form; its page is checked by test/browser/confirmations',
  'GET /logga-in/bankid': 'sends the browser to the e-identification provider (off-site)',
  'GET /logga-in/bankid/callback': 'the provider’s redirect back; covered by the session tests',
  'GET /begaran/kvitto': 'shown once after filing a request; covered by the CSRF tests',
  'GET /begaran/hamta/:token': 'a link from an e-mail; covered by websec.files',
  'GET /begaran/hamta/:token/:documentId': 'a link from an e-mail; covered by websec.files',
  'GET /admin/koer/queue/:queueName/:jobId':
    'the queue view’s one page again, for a job that exists; crawled as /admin/koer, tested in queue-board.e2e',
  'GET /samtal':
    'the demo mentor has one class and is sent on to its page (crawled); the list of several classes is rendered in talks.e2e',
  // Crawled from the seeds all the same (its headers are checked); its answer is never a 200.
  'GET /favicon.ico': 'a permanent redirect to /static/favicon.svg, which every page links',
};

interface Visit {
  readonly role: Role;
  readonly path: string;
  readonly response: request.Response;
}

describe('web security: headers and inline code on every page type, for every role', () => {
  let world: DemoWorld;
  let routes: RegisteredRoute[];
  const visits: Visit[] = [];
  const sessionIds = new Map<Role, string>();
  const filesSeen = new Set<string>();

  beforeAll(async () => {
    world = await startDemoWorld({
      withPlans: true,
      extra: { controllers: [FailingProbeController] },
    });
    routes = registeredRoutes(world.testApp.app);
    const pageRoutes = routes.filter((route) => route.method === 'GET' && !isApiPath(route.path));
    const agents = new Map<Role, TestAgent>();
    for (const role of ROLES) {
      const agent = request.agent(world.testApp.app.getHttpServer());
      if (role !== 'anonymous') {
        const login = await agent
          .post('/api/v1/auth/login')
          .send({ username: role, password: DEMO_PASSWORD })
          .expect(200);
        sessionIds.set(role, sessionIdOf(sessionCookieOf(login) ?? ''));
      }
      agents.set(role, agent);
    }
    // What the demo lacks for some pages: an import report, a guardian's photo; and the way
    // to a delivered request's documents and a plan's earlier versions (one page per route is
    // crawled, and the first plan or request a role opens may have neither).
    const imported = await agents
      .get('admin')!
      .post('/api/v1/directory/imports?fileName=tom.csv')
      .set('Content-Type', 'text/csv')
      .send('roll;personnummer;fornamn;efternamn\n')
      .expect(202);
    const guardian = agents.get('vardnadshavare')!;
    const profile = await guardian.get('/profil').expect(200);
    await guardian
      .post('/profil/bild')
      .field('_csrf', csrfFrom(profile.text))
      .attach('photo', await testPhoto(), { filename: 'bild.jpg', contentType: 'image/jpeg' })
      .expect(303);
    // Shown in the class list (whose photo route is crawled) only when chosen.
    await chooseClassListDetails(guardian, ['photo']);
    // A register extract asked for by the guardian, produced and sent by the administrator, and
    // a download link made: its pages (the list's row, the extract, its files, the link's page
    // and files) are then reached by links like any other.
    const admin = agents.get('admin')!;
    const postForm = async (agent: TestAgent, page: string, action: string) => {
      const shown = await agent.get(page).expect(200);
      return agent
        .post(action)
        .type('form')
        .send({ _csrf: csrfFrom(shown.text) })
        .expect(303);
    };
    await postForm(guardian, '/mina-barn', '/registerutdrag');
    const [extract] = await query(world.testApp, 'select id from register_extract limit 1');
    const extractPage = `/admin/registerutdrag/${String(extract?.id)}`;
    await postForm(admin, extractPage, `${extractPage}/ta-fram`);
    await eventually(async () => {
      const [row] = await query(
        world.testApp,
        'select status from register_extract where id = $1',
        [extract?.id],
      );
      return row?.status === 'ready' ? row : null;
    }, 'the register extract to be produced');
    await postForm(admin, extractPage, `${extractPage}/skickat`);
    const extractLink = String(
      (await postForm(guardian, '/registerutdrag', `/registerutdrag/${String(extract?.id)}/lank`))
        .headers.location,
    );
    // The anonymous visitor's status page shows a request: its code posted, never in a URL.
    const anonymous = agents.get('anonymous')!;
    const statusForm = await anonymous.get('/begaran/status').expect(200);
    await anonymous
      .post('/begaran/status')
      .type('form')
      .send({ _csrf: csrfFrom(statusForm.text), kod: 'DEMA-0000-0004' })
      .expect(303);
    const [delivered] = await query(
      world.testApp,
      "select id from records_request where status = 'delivered' limit 1",
    );
    const [versioned] = await query(
      world.testApp,
      'select plan_id from plan_version order by version desc limit 1',
    );
    const [mentorDraft] = await query(
      world.testApp,
      `select p.id from plan p join person pupil on pupil.id = p.pupil_id
        where p.state = 'draft' and pupil.external_id like 'demo:person:pupil-4-%' limit 1`,
    );
    const seeds: Partial<Record<Role, string[]>> = {
      rektor: [`/planer/${String(versioned?.plan_id)}`],
      // The queue view's page again under the paths bull-board's own links use (client-side).
      admin: [
        `/admin/import/${String(imported.body.id)}`,
        '/admin/koer/queue/records-requests',
        '/admin/koer/job-schedulers',
        '/admin/koer/metrics-history',
      ],
      granskare: [`/handlaggning/begaran/${String(delivered?.id)}`],
      // Confirmation pages, reached by posting a form (or a form that gets), not by a link.
      mentor: [`/planer/${String(mentorDraft?.id)}/faststall`],
      arkivarie: ['/gallring/kor'],
      vardnadshavare: [extractLink],
    };
    for (const role of ROLES) {
      visits.push(...(await crawl(role, agents.get(role)!, pageRoutes, seeds[role] ?? [])));
    }
    // About 180 pages for ten roles: a minute and more when the machine is shared.
  }, 240_000);

  afterAll(() => world.close());

  async function crawl(
    role: Role,
    agent: TestAgent,
    pageRoutes: RegisteredRoute[],
    seeds: string[],
  ) {
    const seen = new Set<string>();
    const perRoute = new Map<string, number>();
    const queue = [...seeds, ...SEEDS];
    const done: Visit[] = [];
    while (queue.length > 0 && done.length < MAX_PAGES_PER_ROLE) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const pathname = path.split('?')[0] ?? path;
      const route = pageRoutes.find((candidate) => routePattern(candidate.path).test(pathname));
      const key = route?.path ?? pathname;
      if ((perRoute.get(key) ?? 0) >= PER_ROUTE) continue;
      perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
      if (isFile(key)) {
        // A file's headers do not depend on who reads it; PDFs are slow to make.
        if (filesSeen.has(key)) continue;
        filesSeen.add(key);
      }
      const response = await agent.get(path).set('Accept', 'text/html').redirects(0);
      done.push({ role, path, response });
      const location = response.headers.location as string | undefined;
      if (location?.startsWith('/') && !location.startsWith('//')) queue.push(location);
      if (response.type === 'text/html') queue.push(...linksOf(response.text));
    }
    return done;
  }

  it('crawls every page route with at least one role (a new page is scanned without being listed)', () => {
    const appRoutes = routes.filter((route) => !route.path.includes('websec-probe'));
    const crawledPaths = visits.map((visit) => visit.path.split('?')[0] ?? visit.path);
    const missing = appRoutes
      .filter((route) => route.method === 'GET' && !isApiPath(route.path))
      .filter((route) => !NOT_CRAWLED[`GET ${route.path}`])
      .filter((route) => !crawledPaths.some((path) => routePattern(route.path).test(path)))
      .map((route) => route.path);
    const unsuccessful = appRoutes
      .filter((route) => route.method === 'GET' && !isApiPath(route.path))
      .filter((route) => !NOT_CRAWLED[`GET ${route.path}`])
      .filter(
        (route) =>
          !visits.some(
            (visit) =>
              visit.response.status === 200 &&
              routePattern(route.path).test(visit.path.split('?')[0] ?? visit.path),
          ),
      )
      .map((route) => route.path);

    tally('websec', {
      cases: appRoutes.filter((route) => route.method === 'GET').length,
      failures: missing.length + unsuccessful.length,
      note: `${visits.length} pages crawled`,
    });
    expect(missing).toEqual([]);
    expect(unsuccessful).toEqual([]);
  });

  it('sends the security headers on every crawled response: pages, errors, PDFs, photos, assets, health', () => {
    const problems = visits.flatMap(({ role, path, response }) =>
      securityHeaderProblems(response).map(
        (problem) => `${role} GET ${path} (${response.status}): ${problem}`,
      ),
    );
    const types = new Set(visits.map((visit) => `${visit.response.status} ${visit.response.type}`));

    tally('websec', { cases: visits.length * 9, failures: problems.length });
    expect(problems).toEqual([]);
    // The crawl saw every kind of answer the policy must hold for.
    expect([...types]).toEqual(
      expect.arrayContaining([
        '200 text/html',
        '404 text/html',
        '500 text/html',
        '303 text/html',
        '200 application/pdf',
        '200 image/jpeg',
        '200 text/css',
        '200 text/javascript',
        '200 application/json',
      ]),
    );
  });

  it('renders no inline script, event handler, javascript: URL or inline style on any page', () => {
    const pages = visits.filter((visit) => visit.response.type === 'text/html');
    const problems = pages.flatMap(({ role, path, response }) =>
      inlineCodeProblems(response.text)
        // Swagger UI's inline styles are allowed on its own page (its CSP says so); scripts are not.
        .filter((problem) => !(path === '/api/docs' && /style/.test(problem)))
        .map((problem) => `${role} GET ${path}: ${problem}`),
    );

    tally('websec', { cases: pages.length, failures: problems.length });
    expect(problems).toEqual([]);
  });

  it('never puts the session id in a page, a redirect or a link', () => {
    const leaks = visits
      .filter((visit) => sessionIds.has(visit.role))
      .filter((visit) => {
        const id = sessionIds.get(visit.role)!;
        const body = visit.response.type.startsWith('text/') ? visit.response.text : '';
        return body.includes(id) || String(visit.response.headers.location ?? '').includes(id);
      })
      .map((visit) => `${visit.role} GET ${visit.path}`);

    tally('websec', { cases: visits.length, failures: leaks.length });
    expect([...sessionIds.values()].every((id) => id.length >= 20)).toBe(true);
    expect(leaks).toEqual([]);
  });

  it('sends the headers and the stable error shape on every API read, for every role', async () => {
    const problems: string[] = [];
    let cases = 0;
    const apiReads = routes.filter((route) => route.method === 'GET' && isApiPath(route.path));
    const paths = [
      ...apiReads.map((route) => route.path.replace(/:[A-Za-z]+/g, () => randomUUID())),
      '/api/v1/finns-inte',
      '/api/v1/websec-probe/boom',
    ];
    for (const role of ['anonymous', 'granskare', 'admin'] as const) {
      const agent = role === 'anonymous' ? world.testApp.http() : await world.signIn(role);
      for (const path of paths) {
        const response = await agent.get(path);
        cases += 1;
        const where = `${role} GET ${path} (${response.status})`;
        problems.push(...securityHeaderProblems(response).map((problem) => `${where}: ${problem}`));
        if (response.type !== 'application/json') {
          problems.push(`${where}: answered ${response.type}`);
        }
        if (response.status >= 400) {
          const error = (response.body as { error?: Record<string, unknown> }).error;
          const shape = Object.keys(error ?? {}).sort();
          if (
            shape.join() !== 'code,fields,message,requestId,status' ||
            error?.status !== response.status ||
            error?.requestId !== response.headers['x-request-id']
          ) {
            problems.push(`${where}: error shape ${JSON.stringify(response.body)}`);
          }
        }
      }
    }

    tally('websec', { cases, failures: problems.length });
    expect(problems).toEqual([]);
  });
});
