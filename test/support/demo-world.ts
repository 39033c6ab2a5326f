import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { seedDemoData } from '../../src/demo/seed-demo';
import type { DemoUsername } from '../../src/demo/demo-directory';
import { startTestApp, StartTestAppOptions, TestApp } from './test-app';
import { testDatabaseUrl } from './test-env';

export const DEMO_PASSWORD = 'demo-lösenord-2026';

export interface DemoWorld {
  readonly testApp: TestApp;
  /** The person id behind a demo external id, e.g. `demo:person:pupil-4-1`. */
  personId(externalId: string): Promise<string>;
  /** A supertest agent signed in as a demo account (cookie kept). */
  signIn(username: DemoUsername): Promise<TestAgent>;
  close(): Promise<void>;
}

/** A test app with the demo municipality loaded, as a newcomer's first start has it. */
export async function startDemoWorld(
  options: StartTestAppOptions & { withPlans?: boolean } = {},
): Promise<DemoWorld> {
  const testApp = await startTestApp({
    ...options,
    env: {
      DEMO_DATA: 'on',
      DEMO_PASSWORD,
      LOGIN_RATE_LIMIT: '10000',
      LOGIN_ADDRESS_MAX_USERNAMES: '10000',
      INTAKE_RATE_LIMIT: '10000',
      ...options.env,
    },
  });
  // Plans only where a suite asks: most suites start plans themselves.
  await seedDemoData(testApp.config, { withPlans: options.withPlans ?? false });
  const ids = new Map<string, string>();
  return {
    testApp,
    personId: async (externalId) => {
      const known = ids.get(externalId);
      if (known) return known;
      const rows = await query(testApp, 'select id from person where external_id = $1', [
        externalId,
      ]);
      const id = String(rows[0]?.id);
      ids.set(externalId, id);
      return id;
    },
    signIn: async (username) => {
      const agent = request.agent(testApp.app.getHttpServer());
      await agent
        .post('/api/v1/auth/login')
        .send({ username, password: DEMO_PASSWORD })
        .expect(200);
      return agent;
    },
    close: () => testApp.close(),
  };
}

/** Every table of the service whose rows, as text, hold `marker` (what a disposal must leave none of). */
export async function tablesHoldingText(testApp: TestApp, marker: string): Promise<string[]> {
  const tables = await query(
    testApp,
    `select table_name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  );
  const hits: string[] = [];
  for (const { table_name: table } of tables) {
    const [row] = await query(
      testApp,
      `select count(*)::int as count from "${String(table)}" t where t::text ilike $1`,
      [`%${marker}%`],
    );
    if (Number(row?.count) > 0) hits.push(String(table));
  }
  return hits;
}

/** SQL against the test app's own schema. */
export async function query(
  testApp: TestApp,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const client = new Client({
    connectionString: testDatabaseUrl(),
    options: `-c search_path=${testApp.config.database.schema}`,
  });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

/** The CSRF token a page's forms carry. */
export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('No CSRF token on the page');
  return token;
}

/**
 * A signed-in guardian chooses on Min profil what the class list shows of them besides the name
 * (`address`, `phone`, `mobile`, `email`, `photo`; the default shows the name only).
 */
export async function chooseClassListDetails(
  guardian: TestAgent,
  choices: readonly string[],
): Promise<void> {
  const profile = await guardian.get('/profil').expect(200);
  await guardian
    .post('/profil/klasslista')
    .type('form')
    .send(
      [
        `_csrf=${encodeURIComponent(csrfFrom(profile.text))}`,
        ...choices.map((c) => `visa=${c}`),
      ].join('&'),
    )
    .expect(303)
    .expect('Location', '/profil?sparat=klasslista');
}

/** Polls until `check` gives a value (a job's effect in the database), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined>,
  what: string,
  timeoutMs = 15000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
