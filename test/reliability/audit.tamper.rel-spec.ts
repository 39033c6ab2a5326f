import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

import { Client } from 'pg';

import { AuditEntryContent, computeEntryHash } from '../../src/audit/audit-chain';
import type { AuditDetails, AuditEvent } from '../../src/audit/audit-event';
import { ANCHOR_MISSING_REASON, AuditService } from '../../src/audit/audit.service';
import { runWithCorrelationId } from '../../src/common/request-context';
import { tally } from '../support/tally';
import { startTestApp, TestApp } from '../support/test-app';
import { testDatabaseUrl } from '../support/test-env';

/**
 * Tampering with the audit log behind its triggers, the way a database
 * superuser could: every kind of change at every position of a chain is
 * tried, and verification must name exactly the first broken link. Then the
 * verify command, as an auditor runs it, on a whole, a broken and a
 * tail-truncated chain.
 */

const CHAIN_LENGTH = 12;
const COLUMNS = [
  'id',
  'occurred_at',
  'action',
  'actor_account_id',
  'actor_person_id',
  'actor_roles',
  'pupil_id',
  'target_type',
  'target_id',
  'details',
  'request_id',
  'chain_position',
  'prev_hash',
  'hash',
] as const;
/** What a reordering swaps: all but the row's id and its place in the chain. */
const CONTENT = COLUMNS.filter((column) => column !== 'id' && column !== 'chain_position');

type Row = Record<(typeof COLUMNS)[number], unknown> & { id: string; hash: string };

const CHANGED = 'hash does not match the content of the entry (the entry was changed)';
const UNLINKED =
  'prev_hash does not match the hash of the preceding entry (an entry was deleted, inserted or moved)';
const GENESIS_GONE =
  'prev_hash is not the genesis hash, although no entry precedes this one (entries before it were deleted)';

const PERSON = '5d2f4a8b-9c1e-4f3a-8b7d-2e6c9a1f0b34';
const OTHER_PERSON = '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a';

function event(index: number): AuditEvent {
  const actions = ['pupil.profile.read', 'plan.established', 'records_request.decided'];
  return {
    action: actions[index % actions.length],
    actor: { accountId: PERSON, personId: PERSON, roles: ['reviewer'] },
    pupilId: index % 2 === 0 ? OTHER_PERSON : null,
    targetType: 'plan',
    targetId: `mål-${index}`,
    details: { index, note: `Åsa Öberg ${'ä'.repeat(index)}`, items: [index, index + 1] },
  };
}

function contentOf(row: Row): AuditEntryContent {
  return {
    occurredAt: row.occurred_at as Date,
    action: String(row.action),
    actorAccountId: row.actor_account_id as string | null,
    actorPersonId: row.actor_person_id as string | null,
    actorRoles: row.actor_roles as string[],
    pupilId: row.pupil_id as string | null,
    targetType: row.target_type as string | null,
    targetId: row.target_id as string | null,
    details: row.details as AuditDetails,
    requestId: row.request_id as string | null,
  };
}

/** One way a superuser could change the log, and the entry verification must then name. */
interface Tampering {
  readonly name: string;
  readonly at: number;
  readonly apply: (client: Client, rows: readonly Row[]) => Promise<void>;
  /** The index (in the original rows) of the entry named as the first broken link, and why. */
  readonly expect: (rows: readonly Row[]) => { id: string; reason: string } | null;
}

async function asSuperuser(client: Client, statements: (client: Client) => Promise<void>) {
  await client.query('begin');
  try {
    // Ordinary triggers (the append-only guard) off, as only a superuser can.
    await client.query('set local session_replication_role = replica');
    await statements(client);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

async function rewrite(
  client: Client,
  id: string,
  values: Partial<Record<(typeof COLUMNS)[number], unknown>>,
): Promise<void> {
  const columns = Object.keys(values);
  const result = await client.query(
    `update audit_entry set ${columns.map((column, index) => `${column} = $${index + 2}`).join(', ')} where id = $1`,
    [id, ...columns.map((column) => jsonValue(values[column as keyof typeof values]))],
  );
  if (result.rowCount !== 1) throw new Error(`entry ${id} was not rewritten`);
}

/** pg sends a JS array as a Postgres array; the jsonb columns need JSON text. */
function jsonValue(value: unknown): unknown {
  return Array.isArray(value) ||
    (value !== null && typeof value === 'object' && !(value instanceof Date))
    ? JSON.stringify(value)
    : value;
}

function tamperings(): Tampering[] {
  const all: Tampering[] = [];
  for (let at = 0; at < CHAIN_LENGTH; at += 1) {
    const next = (rows: readonly Row[]) => rows[at + 1];
    all.push(
      {
        name: 'details changed',
        at,
        apply: (client, rows) =>
          rewrite(client, rows[at].id, { details: { index: at, note: 'ändrad i efterhand' } }),
        expect: (rows) => ({ id: rows[at].id, reason: CHANGED }),
      },
      {
        name: 'action changed',
        at,
        apply: (client, rows) => rewrite(client, rows[at].id, { action: 'pupil.plan.read' }),
        expect: (rows) => ({ id: rows[at].id, reason: CHANGED }),
      },
      {
        name: 'time moved by a millisecond',
        at,
        apply: (client, rows) =>
          rewrite(client, rows[at].id, {
            occurred_at: new Date((rows[at].occurred_at as Date).getTime() + 1),
          }),
        expect: (rows) => ({ id: rows[at].id, reason: CHANGED }),
      },
      {
        name: 'actor replaced',
        at,
        apply: (client, rows) => rewrite(client, rows[at].id, { actor_person_id: OTHER_PERSON }),
        expect: (rows) => ({ id: rows[at].id, reason: CHANGED }),
      },
      {
        name: 'roles changed',
        at,
        apply: (client, rows) => rewrite(client, rows[at].id, { actor_roles: ['admin'] }),
        expect: (rows) => ({ id: rows[at].id, reason: CHANGED }),
      },
      {
        // A careful forger rewrites the content and recomputes its hash: the next link breaks.
        name: 'changed with its own hash recomputed',
        at,
        apply: async (client, rows) => {
          const forged = { ...contentOf(rows[at]), details: { index: at, note: 'förfalskad' } };
          await rewrite(client, rows[at].id, {
            details: forged.details,
            hash: computeEntryHash(String(rows[at].prev_hash), forged),
          });
        },
        // Nothing follows the newest entry: only an anchor shows that one (below).
        expect: (rows) =>
          at === CHAIN_LENGTH - 1 ? null : { id: next(rows).id, reason: UNLINKED },
      },
      {
        name: 'deleted',
        at,
        apply: async (client, rows) => {
          await client.query('delete from audit_entry where id = $1', [rows[at].id]);
        },
        // The newest entry deleted leaves a whole chain: only an anchor shows it (below).
        expect: (rows) =>
          at === CHAIN_LENGTH - 1
            ? null
            : { id: next(rows).id, reason: at === 0 ? GENESIS_GONE : UNLINKED },
      },
    );
    all.push({
      // Made to look not yet linked: the linker links it anew, at the end of the chain.
      name: 'link cleared (made pending again)',
      at,
      apply: (client, rows) =>
        rewrite(client, rows[at].id, { chain_position: null, prev_hash: null, hash: null }),
      // The newest one is linked again exactly where it was: nothing is lost or changed.
      expect: (rows) =>
        at === CHAIN_LENGTH - 1
          ? null
          : { id: next(rows).id, reason: at === 0 ? GENESIS_GONE : UNLINKED },
    });
    if (at < CHAIN_LENGTH - 1) {
      all.push({
        name: 'swapped with the next entry (reordered)',
        at,
        apply: async (client, rows) => {
          const pick = (row: Row) => Object.fromEntries(CONTENT.map((c) => [c, row[c]]));
          // Hashes are unique: the second row steps aside while the first takes its place.
          await rewrite(client, next(rows).id, { hash: 'e'.repeat(64), prev_hash: 'e'.repeat(64) });
          await rewrite(client, rows[at].id, pick(next(rows)));
          await rewrite(client, next(rows).id, pick(rows[at]));
        },
        // The entry now first in order names a predecessor it does not follow.
        expect: (rows) => ({ id: rows[at].id, reason: at === 0 ? GENESIS_GONE : UNLINKED }),
      });
    }
  }
  return all;
}

describe('tampering with the audit chain', () => {
  let testApp: TestApp;
  let audit: AuditService;
  let client: Client;
  let rows: Row[];

  const readRows = async (): Promise<Row[]> =>
    (await client.query<Row>(`select ${COLUMNS.join(', ')} from audit_entry order by id`)).rows;

  /** Puts the original entries back, ids and all, after a tampering. */
  const restore = () =>
    asSuperuser(client, async (tx) => {
      await tx.query('delete from audit_entry');
      for (const row of rows) {
        await tx.query(
          `insert into audit_entry (${COLUMNS.join(', ')}) overriding system value
           values (${COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})`,
          COLUMNS.map((column) => jsonValue(row[column])),
        );
      }
    });

  beforeAll(async () => {
    testApp = await startTestApp();
    audit = testApp.app.get(AuditService);
    client = new Client({
      connectionString: testDatabaseUrl(),
      options: `-c search_path=${testApp.config.database.schema}`,
    });
    await client.connect();
    for (let index = 0; index < CHAIN_LENGTH; index += 1) {
      await runWithCorrelationId(`req-${index}`, () => audit.recordNow(event(index)));
    }
    await audit.link({ wait: true });
    rows = await readRows();
    expect(rows).toHaveLength(CHAIN_LENGTH);
    await expect(audit.verify()).resolves.toEqual({
      ok: true,
      checked: CHAIN_LENGTH,
      firstBrokenEntry: null,
    });
  });

  afterAll(async () => {
    await client?.end();
    await testApp?.close();
  });

  it('names the first broken link for every change, deletion and reordering at every position', async () => {
    const mismatches: string[] = [];
    const cases = tamperings();
    for (const tampering of cases) {
      await asSuperuser(client, (tx) => tampering.apply(tx, rows));
      // Small batches as well as one: a break on a batch boundary is found alike.
      for (const batchSize of [5000, 5]) {
        const result = await audit.verify({ batchSize });
        const expected = tampering.expect(rows);
        const found = result.firstBrokenEntry;
        if (
          expected === null
            ? !result.ok
            : found?.id !== expected.id || found.reason !== expected.reason
        ) {
          mismatches.push(
            `${tampering.name} at ${tampering.at} (batch ${batchSize}): expected ${JSON.stringify(expected)}, got ${JSON.stringify(found)}`,
          );
        }
      }
      await restore();
      const whole = await audit.verify();
      if (!whole.ok) throw new Error(`restoring after "${tampering.name}" failed`);
    }
    tally('audit', { cases: cases.length * 2, failures: mismatches.length });
    expect(mismatches).toEqual([]);
    // 8 kinds at every position, reordering at all but the last.
    expect(cases).toHaveLength(CHAIN_LENGTH * 9 - 1);
  });

  it('shows the newest entries deleted when an anchor noted earlier is given', async () => {
    const anchor = { id: rows[CHAIN_LENGTH - 1].id, hash: rows[CHAIN_LENGTH - 1].hash };
    await expect(audit.verify({ anchor })).resolves.toMatchObject({ ok: true });

    let failures = 0;
    for (const keep of [CHAIN_LENGTH - 1, CHAIN_LENGTH - 3, 0]) {
      await asSuperuser(client, async (tx) => {
        await tx.query('delete from audit_entry where id > $1', [rows[keep - 1]?.id ?? '0']);
      });
      const result = await audit.verify({ anchor });
      if (result.firstBrokenEntry?.id !== anchor.id) failures += 1;
      expect(result).toEqual({
        ok: false,
        checked: keep,
        firstBrokenEntry: { id: anchor.id, reason: ANCHOR_MISSING_REASON },
      });
      await restore();
    }
    // The anchored entry rewritten, hash and all, with nothing after it: the anchor shows it too.
    await asSuperuser(client, (tx) =>
      rewrite(tx, anchor.id, { hash: 'f'.repeat(64), details: { forged: true } }),
    );
    expect((await audit.verify({ anchor })).firstBrokenEntry?.id).toBe(anchor.id);
    await restore();
    tally('audit', { cases: 4, failures });
  });

  describe('the verify command (npm run audit:verify)', () => {
    const run = (args: string[]): Promise<{ code: number | null; out: string; err: string }> =>
      new Promise((done) => {
        const env = { ...process.env };
        delete env.REDIS_URL;
        const child = spawn(
          process.execPath,
          [join(resolve(__dirname, '..', '..'), 'dist', 'audit', 'verify-audit.cli.js'), ...args],
          {
            env: {
              ...env,
              DATABASE_URL: testDatabaseUrl(),
              DATABASE_SCHEMA: testApp.config.database.schema,
              QUEUE_SCHEMA: testApp.config.queue.postgresSchema,
            },
          },
        );
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('exit', (code) => done({ code, out, err }));
      });

    it('says the chain is whole and prints the anchor to note; exit 0', async () => {
      const head = rows[CHAIN_LENGTH - 1];
      const whole = await run([]);
      expect(whole).toMatchObject({ code: 0, err: '' });
      expect(whole.out).toContain(`The audit chain is whole: ${CHAIN_LENGTH} entries checked.`);
      expect(whole.out).toContain(`--anchor ${head.id}:${head.hash}`);

      const json = await run(['--json', '--anchor', `${head.id}:${head.hash}`]);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out)).toEqual({
        ok: true,
        checked: CHAIN_LENGTH,
        firstBrokenEntry: null,
        brokenEntry: null,
        head: { id: head.id, hash: head.hash },
      });
      tally('audit', { cases: 2, failures: 0 });
    });

    it('names the first broken link with its action and time; exit 1', async () => {
      const target = rows[4];
      await asSuperuser(client, (tx) => rewrite(tx, target.id, { details: { index: 99 } }));
      const broken = await run([]);
      await restore();
      expect(broken.code).toBe(1);
      expect(broken.out).toContain(
        `The audit chain is BROKEN. First broken link: entry ${target.id} (${String(target.action)}, ${(target.occurred_at as Date).toISOString()}): ${CHANGED}. 5 entries checked.`,
      );

      const head = rows[CHAIN_LENGTH - 1];
      await asSuperuser(client, async (tx) => {
        await tx.query('delete from audit_entry where id = $1', [head.id]);
      });
      const truncated = await run(['--anchor', `${head.id}:${head.hash}`]);
      await restore();
      expect(truncated.code).toBe(1);
      expect(truncated.out).toContain(
        `First broken link: entry ${head.id}: ${ANCHOR_MISSING_REASON}`,
      );
      tally('audit', { cases: 2, failures: 0 });
    });

    it('refuses a malformed anchor and a schema without a log; exit 2', async () => {
      const malformed = await run(['--anchor', 'abc']);
      expect(malformed.code).toBe(2);
      expect(malformed.err).toContain('--anchor needs <id>:<hash>');
      const env = { ...process.env };
      const empty = await new Promise<{ code: number | null; err: string }>((done) => {
        const child = spawn(
          process.execPath,
          [join(resolve(__dirname, '..', '..'), 'dist', 'audit', 'verify-audit.cli.js')],
          {
            env: {
              ...env,
              DATABASE_URL: testDatabaseUrl(),
              DATABASE_SCHEMA: 'no_such_schema_here',
            },
          },
        );
        let err = '';
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.on('exit', (code) => done({ code, err }));
      });
      expect(empty.code).toBe(2);
      expect(empty.err).toContain('There is no audit log in this database schema');
      tally('audit', { cases: 2, failures: 0 });
    });
  });
});
