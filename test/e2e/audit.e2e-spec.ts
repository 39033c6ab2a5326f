import { EntityManager, IsolationLevel } from '@mikro-orm/postgresql';
import { Client } from 'pg';

import { GENESIS_HASH } from '../../src/audit/audit-chain';
import type { AuditEvent } from '../../src/audit/audit-event';
import { AuditService } from '../../src/audit/audit.service';
import { startTestApp, TestApp } from '../support/test-app';
import { testDatabaseUrl } from '../support/test-env';

const ACCOUNT = '0b0e7c1e-3f1a-4c55-9a53-6a1c0d8e2f10';
const PERSON = '5d2f4a8b-9c1e-4f3a-8b7d-2e6c9a1f0b34';
const PUPIL = 'c7a1e3d5-2b4f-4a6c-8e0d-1f3b5d7a9c2e';

interface StoredRow {
  id: string;
  occurred_at: Date;
  action: string;
  actor_account_id: string | null;
  actor_roles: string[];
  pupil_id: string | null;
  details: Record<string, unknown>;
  request_id: string | null;
  chain_position: string | null;
  prev_hash: string | null;
  hash: string | null;
}

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    action: 'pupil.profile.read',
    actor: { accountId: ACCOUNT, personId: PERSON, roles: ['teacher'] },
    pupilId: PUPIL,
    targetType: 'pupil',
    targetId: PUPIL,
    details: { section: 'profile' },
    ...overrides,
  };
}

/** A plain connection to the suite's schema, as a DBA (the test user is a superuser) would have. */
async function connectToSchema(testApp: TestApp): Promise<Client> {
  const client = new Client({
    connectionString: testDatabaseUrl(),
    options: `-c search_path=${testApp.config.database.schema}`,
  });
  await client.connect();
  return client;
}

async function readRows(client: Client): Promise<StoredRow[]> {
  const result = await client.query<StoredRow>(
    'select * from audit_entry order by chain_position nulls last, id',
  );
  return result.rows;
}

describe('the audit log', () => {
  let testApp: TestApp;
  let audit: AuditService;
  let em: EntityManager;
  let client: Client;

  beforeAll(async () => {
    testApp = await startTestApp();
    audit = testApp.app.get(AuditService);
    em = testApp.app.get(EntityManager);
    client = await connectToSchema(testApp);
  });

  afterAll(async () => {
    await client?.end();
    await testApp?.close();
  });

  it('chains entries written inside a transaction and verifies them', async () => {
    const before = (await readRows(client)).length;

    await em.fork().transactional(async (tx) => {
      await audit.record(
        tx,
        event({
          action: 'auth.login.succeeded',
          actor: { accountId: ACCOUNT.toUpperCase(), personId: null, roles: ['teacher', 'admin'] },
          pupilId: null,
          targetType: null,
          targetId: null,
          details: {},
          occurredAt: new Date('2026-11-28T18:00:00.123Z'),
        }),
      );
      await audit.record(
        tx,
        event({
          details: {
            quoted: `it's "odd" \\ ? {a,b} ${'\u00e5\u00e4\u00f6'} \u{1F600}`,
            count: 12345678901234567000,
            fraction: 0.1,
            ids: ['x', 2],
            flag: true,
            none: null,
          },
        }),
      );
    });
    await audit.recordNow(event({ action: 'pupil.plan.read' }));
    await audit.link({ wait: true });

    const rows = (await readRows(client)).slice(before);
    expect(rows.map((row) => row.action)).toEqual([
      'auth.login.succeeded',
      'pupil.profile.read',
      'pupil.plan.read',
    ]);
    expect(rows[0]).toMatchObject({
      actor_account_id: ACCOUNT,
      actor_roles: ['admin', 'teacher'],
      pupil_id: null,
      details: {},
      occurred_at: new Date('2026-11-28T18:00:00.123Z'),
    });
    expect(rows[1].pupil_id).toBe(PUPIL);
    expect(rows[1].details.quoted).toBe(`it's "odd" \\ ? {a,b} åäö \u{1F600}`);
    // The suite's first entry starts the chain.
    expect(before).toBe(0);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);

    await expect(audit.verify()).resolves.toEqual({
      ok: true,
      checked: before + 3,
      firstBrokenEntry: null,
    });
  });

  it('leaves no entry when the transaction rolls back', async () => {
    const before = (await readRows(client)).length;

    await expect(
      em.fork().transactional(async (tx) => {
        await audit.record(tx, event({ action: 'plan.goal.changed' }));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    const rows = await readRows(client);
    expect(rows).toHaveLength(before);
    expect(rows.map((row) => row.action)).not.toContain('plan.goal.changed');
    await expect(audit.verify()).resolves.toMatchObject({ ok: true, checked: before });
  });

  it('refuses to write outside a transaction, and writes under any isolation level', async () => {
    const before = (await readRows(client)).length;

    await expect(audit.record(em.fork(), event())).rejects.toThrow(/transaction/);
    expect(await readRows(client)).toHaveLength(before);

    // A writer reads nothing of the chain, so its snapshot does not matter.
    await em
      .fork()
      .transactional((tx) => audit.record(tx, event({ action: 'pupil.plan.printed' })), {
        isolationLevel: IsolationLevel.REPEATABLE_READ,
      });
    await audit.link({ wait: true });
    const rows = await readRows(client);
    expect(rows).toHaveLength(before + 1);
    expect(rows[before]).toMatchObject({
      action: 'pupil.plan.printed',
      prev_hash: rows[before - 1]?.hash ?? GENESIS_HASH,
    });
  });

  it('links entries in the order their transactions commit, not the order they began', async () => {
    const before = (await readRows(client)).length;
    let commitFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (commitFirst = resolve));
    let firstWritten!: () => void;
    const written = new Promise<void>((resolve) => (firstWritten = resolve));

    // The first transaction takes the lower id and commits last.
    const first = em.fork().transactional(async (tx) => {
      await audit.record(tx, event({ action: 'plan.goal.changed' }));
      firstWritten();
      await firstMayCommit;
    });
    await written;
    await audit.recordNow(event({ action: 'plan.talk.changed' }));
    await audit.link({ wait: true });
    const meanwhile = await readRows(client);
    expect(meanwhile.slice(before).map((row) => row.action)).toEqual(['plan.talk.changed']);
    commitFirst();
    await first;
    await audit.link({ wait: true });

    const rows = (await readRows(client)).slice(before);
    expect(rows.map((row) => row.action)).toEqual(['plan.talk.changed', 'plan.goal.changed']);
    expect(BigInt(rows[0].id)).toBeGreaterThan(BigInt(rows[1].id));
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(BigInt(rows[1].chain_position!)).toBe(BigInt(rows[0].chain_position!) + 1n);
    await expect(audit.verify()).resolves.toMatchObject({ ok: true, checked: before + 2 });
  });

  it('links in the background, within a second of the commit', async () => {
    await audit.recordNow(event({ action: 'pupil.plan.exported' }));
    const deadline = Date.now() + 5_000;
    let linked: StoredRow | undefined;
    while (Date.now() < deadline && !linked) {
      linked = (await readRows(client)).find(
        (row) => row.action === 'pupil.plan.exported' && row.hash !== null,
      );
      if (!linked) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(linked?.chain_position).not.toBeNull();
  });

  it('keeps one linear chain under 30 concurrent writers', async () => {
    const before = (await readRows(client)).length;

    // Writers and linkers at once: the linkers take turns, the writers wait for nobody.
    await Promise.all([
      ...Array.from({ length: 30 }, (_, index) =>
        audit.recordNow(event({ details: { writer: index } })),
      ),
      ...Array.from({ length: 5 }, () => audit.link({ wait: true })),
    ]);
    await audit.link({ wait: true });

    const rows = await readRows(client);
    expect(rows).toHaveLength(before + 30);
    expect(new Set(rows.map((row) => row.prev_hash)).size).toBe(rows.length);
    await expect(audit.verify()).resolves.toEqual({
      ok: true,
      checked: before + 30,
      firstBrokenEntry: null,
    });
    // Batches that end inside the chain carry the last hash on to the next one.
    await expect(audit.verify({ batchSize: 7 })).resolves.toEqual({
      ok: true,
      checked: before + 30,
      firstBrokenEntry: null,
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through SQL', async () => {
    const rowsBefore = await readRows(client);
    const id = rowsBefore[0].id;

    await expect(
      client.query(`update audit_entry set details = '{}' where id = $1`, [id]),
    ).rejects.toThrow('audit_entry is append-only');
    await expect(client.query('delete from audit_entry where id = $1', [id])).rejects.toThrow(
      'audit_entry is append-only',
    );
    await expect(client.query('truncate audit_entry')).rejects.toThrow(
      'audit_entry is append-only',
    );

    expect(await readRows(client)).toEqual(rowsBefore);
  });

  it('lets an unlinked entry get its link once, and nothing else be changed with it', async () => {
    const linkedRow = (await readRows(client))[0];
    // A linked entry cannot be unlinked or relinked.
    await expect(
      client.query(
        'update audit_entry set chain_position = null, prev_hash = null, hash = null where id = $1',
        [linkedRow.id],
      ),
    ).rejects.toThrow('audit_entry is append-only');
    await expect(
      client.query(`update audit_entry set hash = repeat('a', 64) where id = $1`, [linkedRow.id]),
    ).rejects.toThrow('audit_entry is append-only');

    // A time the linker could not hash (ISO 8601 has no infinity) is refused at the insert.
    await expect(
      client.query(
        `select add_audit_entry('infinity', 'pupil.profile.read', null, null, '[]', null, null, null, '{}', null)`,
      ),
    ).rejects.toThrow('an audit entry needs a finite time');

    // An entry not yet linked, in a transaction of this connection (so no linker sees it).
    await client.query('begin');
    try {
      const {
        rows: [{ id }],
      } = await client.query<{ id: string }>(
        `select add_audit_entry(now(), 'pupil.profile.read', null, null, '[]', null, null, null, '{}', null) as id`,
      );
      await client.query('savepoint before_change');
      await expect(
        client.query(
          `update audit_entry set details = '{"changed": true}', chain_position = 999999,
                  prev_hash = repeat('b', 64), hash = repeat('c', 64) where id = $1`,
          [id],
        ),
      ).rejects.toThrow('audit_entry is append-only');
      await client.query('rollback to savepoint before_change');
      await expect(
        client.query(`update audit_entry set hash = repeat('c', 64) where id = $1`, [id]),
      ).rejects.toThrow(/audit_entry is append-only|audit_entry_linked_check/);
      await client.query('rollback to savepoint before_change');
      await expect(client.query('delete from audit_entry where id = $1', [id])).rejects.toThrow(
        'audit_entry is append-only',
      );
      await client.query('rollback to savepoint before_change');
      // The link itself, exactly: let through.
      await client.query(
        `update audit_entry set chain_position = 999999, prev_hash = repeat('b', 64), hash = repeat('c', 64)
          where id = $1`,
        [id],
      );
    } finally {
      await client.query('rollback');
    }
  });
});

// Tampering behind the triggers (every change, deletion and reordering at every position, and
// the verify command) is tried in test/reliability/audit.tamper.rel-spec.ts.
