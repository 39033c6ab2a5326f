import fc from 'fast-check';
import { Client } from 'pg';
import request, { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { isApiPath } from '../../src/common/http/paths';
import { csrfFrom, DemoWorld, startDemoWorld } from './demo-world';
import type { FuzzInput } from './fuzz';
import {
  apiProblems,
  formBodyArbitrary,
  formEncode,
  fuzz,
  jsonBodyArbitrary,
  pageProblems,
  pathArbitrary,
} from './fuzz';
import type { FuzzContext, FuzzEntry, Role } from './fuzz-routes';
import { fuzzContext, WRITES_ROWS } from './fuzz-routes';
import { testDatabaseUrl } from './test-env';

/** A signed-in agent per role, with the CSRF token its page forms carry. */
export interface FuzzAgent {
  readonly agent: TestAgent;
  readonly csrf: string;
}

export async function signInAll(
  world: DemoWorld,
  roles: readonly Role[],
): Promise<Map<Role, FuzzAgent>> {
  const agents = new Map<Role, FuzzAgent>();
  for (const role of new Set(roles)) {
    const agent =
      role === 'anonymous'
        ? request.agent(world.testApp.app.getHttpServer())
        : await world.signIn(role);
    // Every page with a form gives the session's token; the public request form is one for all.
    const page = await agent.get('/begaran').set('Accept', 'text/html').expect(200);
    agents.set(role, { agent, csrf: csrfFrom(page.text) });
  }
  return agents;
}

/** Sends one generated input the way its entry's kind says (page forms with their token). */
export function sendInput(
  entry: Pick<FuzzEntry, 'route' | 'kind'>,
  { agent, csrf }: FuzzAgent,
  input: FuzzInput,
  headers: Readonly<Record<string, string>> = {},
): Promise<Response> {
  const method = entry.route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'put';
  const isPage = !isApiPath(input.path.split('?')[0] ?? '');
  // The token in the header (never the URL), so that every kind of body (even broken ones)
  // reaches the handler.
  const sent = agent[method](input.path)
    .set(headers)
    .set('Accept', isPage ? 'text/html' : 'application/json');
  const test = isPage && method !== 'get' ? sent.set('X-CSRF-Token', csrf) : sent;
  switch (input.body.type) {
    case 'none':
      return test.then((response) => response);
    case 'json':
      return test
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(input.body.value) ?? 'null')
        .then((response) => response);
    case 'form':
      return test
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(formEncode(input.body.pairs))
        .then((response) => response);
    case 'raw':
      return test
        .set('Content-Type', input.body.raw.contentType)
        .send(input.body.raw.body)
        .then((response) => response);
  }
}

/** The entry's valid path parameters for this world. */
export function validParams(entry: FuzzEntry, context: FuzzContext): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entry.params ?? {}).map(([name, value]) => [name, value(context)]),
  );
}

/** Row counts of the test app's tables, through one connection the suite keeps. */
export class RowCounter {
  private readonly client: Client;

  constructor(schema: string) {
    this.client = new Client({
      connectionString: testDatabaseUrl(),
      options: `-c search_path=${schema}`,
    });
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async count(table: string): Promise<number> {
    const result = await this.client.query<{ n: string }>(`select count(*) as n from ${table}`);
    return Number(result.rows[0]?.n);
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/**
 * The property for one entry: every generated input gets a 4xx in the stable
 * shape (a Swedish page for pages) or an accepted status, never a 5xx, and a
 * refused input leaves the rows the route writes as they were.
 */
export async function fuzzEntry(
  entry: FuzzEntry,
  { context, agents, counter }: Pick<FuzzWorld, 'context' | 'agents' | 'counter'>,
  numRuns: number,
): Promise<void> {
  const agent = agents.get(entry.as);
  if (!agent) throw new Error(`No agent for ${entry.as}`);
  const template = entry.route.split(' ')[1];
  const sample = entry.sample(context);
  const isPage = !isApiPath(template);
  const path = pathArbitrary(template, validParams(entry, context), entry.choices);
  const body: fc.Arbitrary<FuzzInput['body']> =
    entry.kind === 'json'
      ? jsonBodyArbitrary(sample)
      : entry.kind === 'form'
        ? formBodyArbitrary(sample)
        : fc.constant({ type: 'none' as const });
  // A GET's parameters travel in the URL: beyond 16 kB Node answers 431 before the app sees it.
  const queryString =
    entry.kind === 'query'
      ? formBodyArbitrary(sample, { maxLength: 300 }).map((generated) =>
          generated.type === 'form' ? `?${formEncode(generated.pairs)}` : '',
        )
      : fc.constant('');
  const table = WRITES_ROWS[entry.route];
  const accepted = entry.accepted ?? (isPage ? [200, 303] : [200, 201, 202, 204]);
  await fuzz(
    entry.route,
    fc.record({ path, body, queryString }),
    numRuns,
    async ({ path: concrete, body: generated, queryString: search }) => {
      const before = table ? await counter.count(table) : 0;
      const response = await sendInput(
        entry,
        agent,
        { path: `${concrete}${search}`, body: generated },
        entry.headers?.(context),
      );
      const problems = isPage
        ? pageProblems(response, accepted, { fragment: entry.fragment })
        : apiProblems(response, accepted);
      if (table && response.status >= 400) {
        const after = await counter.count(table);
        if (after !== before)
          problems.push(
            `refused with ${response.status}, yet ${table} went from ${before} to ${after} rows`,
          );
      }
      return problems;
    },
  );
}

/** A fuzzing suite's world: the demo municipality with plans, its ids, agents and a row counter. */
export interface FuzzWorld {
  readonly world: DemoWorld;
  readonly context: FuzzContext;
  readonly agents: Map<Role, FuzzAgent>;
  readonly counter: RowCounter;
  close(): Promise<void>;
}

export async function startFuzzWorld(roles: readonly Role[]): Promise<FuzzWorld> {
  const world = await startDemoWorld({ withPlans: true });
  const context = await fuzzContext(world);
  const agents = await signInAll(world, ['anonymous', ...roles]);
  const counter = new RowCounter(world.testApp.config.database.schema);
  await counter.connect();
  return {
    world,
    context,
    agents,
    counter,
    close: async () => {
      await counter.close();
      await world.close();
    },
  };
}
