import fc from 'fast-check';

import { isApiPath } from '../../src/common/http/paths';
import { apiProblems, fuzz, hostileSegment, pageProblems, runsOf } from '../support/fuzz';
import { FuzzAgent, fuzzEntry, FuzzWorld, sendInput, startFuzzWorld } from '../support/fuzz-agents';
import {
  EXCLUDED,
  FORM_ENTRIES,
  FuzzContext,
  JSON_ENTRIES,
  QUERY_ENTRIES,
  Role,
  routesReadingQuery,
  UPLOAD_ROUTES,
} from '../support/fuzz-routes';
import { registeredRoutes, routeKey } from '../support/routes';
import { tally } from '../support/tally';

/**
 * Fuzzing of the JSON API: every DTO with wrong types, huge and hostile
 * strings, unknown fields, malformed JSON and wrong content types; every
 * GET's query parameters and path parameters. Always a 4xx in the stable
 * shape (or the route's success), never a 5xx. Also the coverage check that
 * makes a new route without fuzzing fail here.
 */

const API_RUNS = runsOf(10);
const QUERY_RUNS = runsOf(8);
const PATH_RUNS = runsOf(4);

describe('fuzzing the API', () => {
  let fuzzing: FuzzWorld;
  let context: FuzzContext;
  let agents: Map<Role, FuzzAgent>;

  beforeAll(async () => {
    fuzzing = await startFuzzWorld([...JSON_ENTRIES, ...QUERY_ENTRIES].map((entry) => entry.as));
    ({ context, agents } = fuzzing);
  }, 120_000);

  afterAll(() => fuzzing?.close());

  it('covers every state-changing route and every GET with query parameters, or says why not', () => {
    const routes = registeredRoutes(fuzzing.world.testApp.app).map(routeKey);
    const fuzzed = new Set([
      ...JSON_ENTRIES.map((entry) => entry.route),
      ...FORM_ENTRIES.map((entry) => entry.route),
      ...QUERY_ENTRIES.map((entry) => entry.route),
      ...UPLOAD_ROUTES,
      ...Object.keys(EXCLUDED),
    ]);
    const readingQuery = routesReadingQuery(fuzzing.world.testApp.app);
    const needed = routes.filter(
      (route) => !route.startsWith('GET ') || readingQuery.includes(route),
    );
    const missing = needed.filter((route) => !fuzzed.has(route));
    // An entry for a route that no longer exists is a mistake as well.
    const stale = [...fuzzed].filter((route) => !routes.includes(route));
    tally('fuzz', { cases: needed.length, failures: missing.length + stale.length });
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    // The metadata reading itself must work, or the check above would pass on nothing.
    expect(readingQuery).toEqual(
      expect.arrayContaining(['GET /begaran/status', 'GET /handlaggning']),
    );
  });

  it.each(JSON_ENTRIES.map((entry) => [entry.route, entry] as const))(
    '%s: hostile bodies get a 4xx in the stable shape, never a 5xx',
    async (_route, entry) => {
      await fuzzEntry(entry, fuzzing, API_RUNS);
    },
  );

  it.each(QUERY_ENTRIES.map((entry) => [entry.route, entry] as const))(
    '%s: hostile query parameters get a 4xx or the page, never a 5xx',
    async (_route, entry) => {
      await fuzzEntry(entry, fuzzing, QUERY_RUNS);
    },
  );

  it('every GET with path parameters: hostile ids get a 4xx, never a 5xx, for any role', async () => {
    const routes = registeredRoutes(fuzzing.world.testApp.app).filter(
      (route) => route.method === 'GET' && route.path.includes('/:'),
    );
    expect(routes.length).toBeGreaterThan(10);
    const roles = [...agents.keys()];
    for (const route of routes) {
      const segments = route.path
        .split('/')
        .map((part) => (part.startsWith(':') ? hostileSegment : fc.constant(part)));
      await fuzz(
        routeKey(route),
        fc.record({ path: fc.tuple(...segments), role: fc.constantFrom(...roles) }),
        PATH_RUNS,
        async ({ path, role }) => {
          const response = await sendInput(
            { route: routeKey(route), kind: 'query' },
            agents.get(role)!,
            { path: path.join('/'), body: { type: 'none' } },
          );
          // A hostile id is never found: 4xx (or the login redirect), never a page or a file.
          return isApiPath(route.path) ? apiProblems(response, []) : pageProblems(response, []);
        },
      );
    }
  });

  it('inputs that once answered 500 get a 4xx in the stable shape', async () => {
    let nested: unknown = 'innerst';
    for (let level = 0; level < 2_000; level += 1) nested = { a: [nested] };
    const anonymous = agents.get('anonymous')!.agent;
    const reviewer = agents.get('granskare')!.agent;
    const admin = agents.get('admin')!.agent;
    const intake = { description: 'Planer.', delivery: 'electronic' };
    const cases: [string, () => Promise<import('supertest').Response>][] = [
      // PostgreSQL cannot store NUL in text: the insert failed.
      [
        'NUL in a request',
        () =>
          anonymous.post('/api/v1/records-requests').send({ ...intake, contactName: 'a\u0000b' }),
      ],
      ['NUL in a search', () => admin.get('/api/v1/accounts?search=%00')],
      // class-transformer recursed until the stack overflowed.
      [
        'nesting 2,000 deep',
        () =>
          anonymous
            .post('/api/v1/records-requests')
            .set('Content-Type', 'application/json')
            .send(JSON.stringify({ ...intake, school: nested })),
      ],
      // The count of decided records ran before the id was looked at.
      ['a malformed id to complete', () => reviewer.post('/api/v1/records-requests/x%2F/complete')],
      [
        'a malformed id to deliver part',
        () => reviewer.post('/api/v1/records-requests/x%2F/deliver-part'),
      ],
      // Dates of the right shape that are no calendar day reached PostgreSQL.
      [
        'a registered request received on 30 February',
        () =>
          reviewer
            .post('/api/v1/records-requests/registered')
            .send({ ...intake, channel: 'letter', receivedOn: '2026-02-30' }),
      ],
      [
        'an appeal received on 30 February',
        () =>
          reviewer
            .post(`/api/v1/records-requests/${context.appealRequestId}/appeals`)
            .send({ receivedOn: '2026-02-30' }),
      ],
      [
        'an appeal forwarded on 30 February',
        () =>
          reviewer
            .post(
              `/api/v1/records-requests/${context.appealRequestId}/appeals/${context.appealId}/forward`,
            )
            .send({ forwardedOn: '2026-02-30' }),
      ],
      [
        'a queue cursor on 30 February',
        () => reviewer.get(`/api/v1/records-requests?after=2026-02-30_${'-'.repeat(36)}`),
      ],
    ];
    const problems: string[] = [];
    for (const [name, send] of cases) {
      const response = await send();
      const accepted = name.startsWith('a queue cursor') ? [200] : [];
      if (response.status < 400 && accepted.length === 0) {
        problems.push(`${name}: ${response.status}`);
      }
      problems.push(...apiProblems(response, accepted).map((problem) => `${name}: ${problem}`));
    }
    tally('fuzz', { cases: cases.length, failures: problems.length });
    expect(problems).toEqual([]);
  });

  it('bodies beyond the 1 MB limit get 413 in the stable shape on every API route', async () => {
    const huge = JSON.stringify({ text: 'å'.repeat(600_000) });
    const problems: string[] = [];
    for (const entry of JSON_ENTRIES) {
      const path = entry.route
        .split(' ')[1]
        .replace(/:(\w+)/g, (_match, name: string) => entry.params?.[name]?.(context) ?? 'x');
      const response = await sendInput(entry, agents.get(entry.as)!, {
        path,
        body: { type: 'raw', raw: { contentType: 'application/json', body: huge } },
      });
      if (response.status !== 413) problems.push(`${entry.route}: ${response.status}`);
      problems.push(...apiProblems(response, []).map((problem) => `${entry.route}: ${problem}`));
    }
    tally('fuzz', { cases: JSON_ENTRIES.length, failures: problems.length });
    expect(problems).toEqual([]);
  });
});
