import { Client } from 'pg';

import type { AppConfig } from '../../src/config/app-config';
import { migrateDatabase } from '../../src/database/migrate';
import { DEMO_RECEIPT_CODES } from '../../src/demo/demo-requests';
import { seedDemoData } from '../../src/demo/seed-demo';
import { buildTestConfig, dropTestData, testDatabaseUrl } from '../support/test-env';

async function count(config: AppConfig, sql: string): Promise<number> {
  const client = new Client({
    connectionString: testDatabaseUrl(),
    options: `-c search_path=${config.database.schema}`,
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>(sql);
    return Number(rows[0]?.count);
  } finally {
    await client.end();
  }
}

const TABLES = ['person', 'account', 'plan', 'plan_version', 'public_record', 'records_request'];

async function rowCounts(config: AppConfig): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    counts[table] = await count(config, `select count(*)::int as count from ${table}`);
  }
  return counts;
}

// What src/service.ts does at every start: migrate, then seed the demo data.
async function start(config: AppConfig) {
  await migrateDatabase(config);
  return seedDemoData(config);
}

describe('the demo municipality, two processes started at once on an empty database', () => {
  const env = { DEMO_DATA: 'on', DEMO_PASSWORD: 'demo-lösenord-2026' };
  const config = buildTestConfig({ env });
  const alone = buildTestConfig({ env });

  afterAll(async () => {
    await dropTestData(config);
    await dropTestData(alone);
  });

  it('is loaded exactly once, and neither start fails', async () => {
    const results = await Promise.all([start(config), start(config)]);

    expect(results.map((result) => result.seeded).sort()).toEqual([false, true]);
    expect(
      await count(config, 'select count(*)::int as count from records_request'),
    ).toBeGreaterThanOrEqual(Object.keys(DEMO_RECEIPT_CODES).length);
    // Row for row what one start alone loads into another empty schema.
    expect((await start(alone)).seeded).toBe(true);
    const once = await rowCounts(alone);
    expect(once.person).toBeGreaterThan(0);
    expect(once.plan).toBeGreaterThan(0);
    expect(await rowCounts(config)).toEqual(once);
  });
});
