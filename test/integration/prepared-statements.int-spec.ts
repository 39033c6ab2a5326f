import { sql } from 'kysely';

import { createPool } from '../../src/database/pg-pool';
import { statementNames } from '../../src/database/prepared-statements';
import type { MediumDatabase } from './medium';
import { openMediumDatabase } from './medium';

interface Prepared {
  name: string;
  statement: string;
}

/**
 * The clients of both pools (the ORM's and the stores') send a parameterised statement this
 * process repeats as a named one, so PostgreSQL parses and plans it once per connection.
 */
describe('Prepared statements against PostgreSQL', () => {
  let db: MediumDatabase;

  beforeAll(async () => {
    db = await openMediumDatabase();
  });

  afterAll(async () => {
    await db?.close();
  });

  /** A pool of one connection in the suite's schema: every statement on the same session. */
  function onePool() {
    return createPool('test', db.config, {
      options: `-c search_path=${db.config.database.schema}`,
      max: 1,
    });
  }

  const preparedOn = async (pool: ReturnType<typeof onePool>): Promise<Prepared[]> =>
    (await pool.query<Prepared>('select name, statement from pg_prepared_statements')).rows;

  it('names a parameterised text the second time it is sent, with the right rows each time', async () => {
    const pool = onePool();
    try {
      const text = 'select $1::int * 2 as doubled';
      expect((await pool.query(text, [2])).rows).toEqual([{ doubled: 4 }]);
      expect(await preparedOn(pool)).toEqual([]);

      expect((await pool.query(text, [3])).rows).toEqual([{ doubled: 6 }]);
      expect((await pool.query(text, [5])).rows).toEqual([{ doubled: 10 }]);
      const name = statementNames.nameFor(text);
      expect(name).toMatch(/^iup_/);
      expect(await preparedOn(pool)).toEqual([{ name, statement: text }]);
    } finally {
      await pool.end();
    }
  });

  it('names nothing with DATABASE_PREPARED_STATEMENTS=false', async () => {
    const config = {
      ...db.config,
      database: { ...db.config.database, preparedStatements: false },
    };
    const pool = createPool('test', config, { max: 1 });
    try {
      const text = 'select $1::int + 1 as next';
      for (let i = 0; i < 3; i++)
        expect((await pool.query(text, [i])).rows).toEqual([{ next: i + 1 }]);
      expect(await preparedOn(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('sends a text without parameters by the simple protocol, several statements at once', async () => {
    const pool = onePool();
    try {
      const text = 'select 1 as one; select 2 as two';
      for (let i = 0; i < 3; i++) {
        const results = (await pool.query(text)) as unknown as { rows: unknown[] }[];
        expect(results.map((result) => result.rows)).toEqual([[{ one: 1 }], [{ two: 2 }]]);
      }
      expect(await preparedOn(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('lives through a table changing shape: again at once outside a transaction, failed inside', async () => {
    const pool = onePool();
    try {
      await pool.query('create table shape_change (id int primary key, a text)');
      await pool.query(`insert into shape_change values (1, 'ett')`);
      const text = 'select * from shape_change where id = $1';
      await pool.query(text, [1]);
      await pool.query(text, [1]);
      expect((await preparedOn(pool)).map((row) => row.statement)).toContain(text);

      await pool.query('alter table shape_change add column b int default 7');
      expect((await pool.query(text, [1])).rows).toEqual([{ id: 1, a: 'ett', b: 7 }]);
      // From now on the text goes unnamed on this connection, and keeps working.
      expect((await pool.query(text, [1])).rows).toEqual([{ id: 1, a: 'ett', b: 7 }]);

      const other = 'select * from shape_change where id = $1 and a is not null';
      await pool.query(other, [1]);
      await pool.query(other, [1]);
      await pool.query('alter table shape_change add column c int default 8');
      const client = await pool.connect();
      try {
        await client.query('begin');
        await expect(client.query(other, [1])).rejects.toThrow(
          'cached plan must not change result type',
        );
        await client.query('rollback');
        expect((await client.query(other, [1])).rows).toEqual([{ id: 1, a: 'ett', b: 7, c: 8 }]);
      } finally {
        client.release();
      }
    } finally {
      await pool.query('drop table if exists shape_change');
      await pool.end();
    }
  });

  it("is how the ORM's queries reach PostgreSQL", async () => {
    // In one transaction, so every statement runs on the same connection.
    const prepared = await db.em().transactional(async (em) => {
      const kysely = em.getKysely();
      const count = sql<{
        n: number;
      }>`select count(*)::int as n from person where given_name = ${'Ingen'}`;
      for (let i = 0; i < 3; i++) {
        expect((await count.execute(kysely)).rows).toEqual([{ n: 0 }]);
      }
      const listed =
        await sql<Prepared>`select name, statement from pg_prepared_statements`.execute(kysely);
      return listed.rows;
    });
    expect(prepared.map((row) => row.statement)).toContain(
      'select count(*)::int as n from person where given_name = $1',
    );
  });
});
