import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type TestAgent from 'supertest/lib/agent';

import { DirectoryImportService, GAVE_UP } from '../../src/directory/directory-import.service';
import { DemoWorld, query, startDemoWorld } from '../support/demo-world';

const FIXTURES = join(__dirname, '..', 'fixtures', 'directory');

interface ReportEntry {
  source: string;
  kind: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
  reason?: string;
  changes?: string[];
}

interface ImportResult {
  id: string;
  status: string;
  totalItems: number;
  processedItems: number;
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  failure: string | null;
  report: ReportEntry[];
}

const TABLES = [
  'school_unit',
  'person',
  'enrolment',
  'student_group',
  'group_membership',
  'guardianship',
  'staff_duty',
  'account',
];

describe('directory import (SS 12000 and CSV) through the API and the queue', () => {
  let world: DemoWorld;
  let admin: TestAgent;

  const runImport = async (
    contentType: string,
    body: string,
    fileName: string,
  ): Promise<ImportResult> => {
    const submitted = await admin
      .post(`/api/v1/directory/imports?fileName=${fileName}`)
      .set('Content-Type', contentType)
      .send(body)
      .expect(202);
    // The answer shows the import as it stands: a fast worker may already have taken it, and
    // finished it (a file that is no SS 12000 fails at once).
    expect(['queued', 'running', 'completed', 'failed']).toContain(submitted.body.status);
    const deadline = Date.now() + 30000;
    for (;;) {
      const current = await admin.get(`/api/v1/directory/imports/${submitted.body.id}`).expect(200);
      const result = current.body as ImportResult;
      if (result.status === 'completed' || result.status === 'failed' || Date.now() > deadline) {
        return result;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const tableCounts = async (): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = await query(world.testApp, `select count(*)::int as count from ${table}`);
      counts[table] = Number(row?.count);
    }
    return counts;
  };

  const createdBy = (report: ReportEntry[], kind: string): number =>
    report.filter((entry) => entry.kind === kind && entry.outcome === 'created').length;

  beforeAll(async () => {
    world = await startDemoWorld();
    admin = await world.signIn('admin');
  });

  afterAll(() => world.close());

  describe('SS 12000 v2.1 JSON', () => {
    let ss12000: string;
    let first: ImportResult;

    beforeAll(async () => {
      ss12000 = await readFile(join(FIXTURES, 'ss12000-realistic.json'), 'utf8');
      first = await runImport('application/json', ss12000, 'skolsystem.json');
    });

    it('creates school units, people, groups and duties, and reports every item', () => {
      expect(first.status).toBe('completed');
      expect(first.processedItems).toBe(first.totalItems);
      expect(createdBy(first.report, 'skolenhet')).toBe(2);
      expect(createdBy(first.report, 'person')).toBe(24);
      expect(createdBy(first.report, 'grupp')).toBe(6);
      expect(createdBy(first.report, 'uppdrag')).toBe(7);
      expect(first.counts.rejected).toBe(6);
      for (const rejected of first.report.filter((entry) => entry.outcome === 'rejected')) {
        expect(rejected.source).toMatch(/^[a-z]+\[\d+\]/);
        expect(rejected.reason).toMatch(/[a-zåäö]/);
      }
    });

    it('links the school units to their huvudman', async () => {
      expect(createdBy(first.report, 'huvudman')).toBe(1);
      const units = await query(
        world.testApp,
        `select su.name, m.name as municipality, m.organisation_number from school_unit su
           join municipality m on m.id = su.municipality_id where su.school_unit_code in ('81234567', '82345678')
          order by su.name`,
      );
      expect(units).toEqual([
        {
          name: 'Björkskolan',
          municipality: 'Exempelby kommun',
          organisation_number: '212000-9999',
        },
        {
          name: 'Ekdalsskolan',
          municipality: 'Exempelby kommun',
          organisation_number: '212000-9999',
        },
      ]);
      const demoUnits = await query(
        world.testApp,
        `select distinct m.name from school_unit su join municipality m on m.id = su.municipality_id
          where su.external_id like 'demo:%'`,
      );
      expect(demoUnits).toEqual([{ name: 'Lerums kommun' }]);
    });

    it('keeps protected identity, and makes only Vårdnadshavare relations guardians', async () => {
      const [maja] = await query(
        world.testApp,
        "select security_marking from person where civic_no = '201211045826'",
      );
      expect(maja?.security_marking).toBe('Skyddad folkbokföring');

      const guardians = await query(
        world.testApp,
        `select g.given_name from guardianship gs join person g on g.id = gs.guardian_id
           join person p on p.id = gs.pupil_id where p.civic_no = '201206224170' order by 1`,
      );
      expect(guardians.map((row) => row.given_name)).toEqual(['Sara']);
    });

    it('writes nothing of a rejected person', async () => {
      const tindra = await query(
        world.testApp,
        "select 1 from person where civic_no = '201604146215'",
      );
      expect(tindra).toHaveLength(0);
    });

    it('changes nothing when the same file comes again', async () => {
      const before = await tableCounts();

      const second = await runImport('application/json', ss12000, 'skolsystem.json');

      expect(second.status).toBe('completed');
      expect(second.counts.created).toBe(0);
      expect(second.counts.updated).toBe(0);
      expect(second.counts.rejected).toBe(first.counts.rejected);
      expect(second.counts.unchanged).toBe(first.report.length - first.counts.rejected);
      expect(await tableCounts()).toEqual(before);
    });

    it('updates what changed and names the fields', async () => {
      const renamed = ss12000.replace('"familyName": "Lind"', '"familyName": "Lind Sjöberg"');
      expect(renamed).not.toBe(ss12000);

      const third = await runImport('application/json', renamed, 'skolsystem.json');

      expect(third.counts.updated).toBe(1);
      const updated = third.report.find((entry) => entry.outcome === 'updated');
      expect(updated).toMatchObject({ kind: 'person', changes: ['efternamn'] });
    });

    it('reports a file that is not SS 12000 at all as failed, with the reason', async () => {
      const broken = await runImport('application/json', '{"persons": ', 'trasig.json');

      expect(broken.status).toBe('failed');
      expect(broken.failure).toMatch(/[a-zåäö]/);
      expect(broken.report).toEqual([]);
    });

    it('reads a file stored in several parts, a person across a part boundary too, and keeps none of it afterwards', async () => {
      const fixture = JSON.parse(ss12000) as { persons: { data: Record<string, unknown>[] } };
      // 6 MB of two-byte characters in the first person (ignored by the import) and 3 MB before the
      // lists: the 256 kB parts (36 of them) end inside strings and inside a person.
      fixture.persons.data[0].note = 'å'.repeat(3 * 1024 * 1024);
      const body = JSON.stringify({ padding: 'x'.repeat(3 * 1024 * 1024), ...fixture });

      const large = await runImport('application/json', body, 'stor.json');

      expect(large.status).toBe('completed');
      expect(large.report.map((entry) => [entry.source, entry.kind])).toEqual(
        first.report.map((entry) => [entry.source, entry.kind]),
      );
      expect(large.counts.created).toBe(0);
      expect(large.counts.rejected).toBe(first.counts.rejected);
      const [parts] = await query(
        world.testApp,
        'select count(*)::int as count from directory_import_part',
      );
      expect(parts?.count).toBe(0);
    });
  });

  describe('CSV', () => {
    it('imports the same kinds of rows, rejects bad lines by number, and is idempotent', async () => {
      const csv = await readFile(join(FIXTURES, 'directory.csv'), 'utf8');

      const first = await runImport('text/csv', csv, 'katalog.csv');
      const before = await tableCounts();
      const second = await runImport('text/csv', csv, 'katalog.csv');

      expect(first.status).toBe('completed');
      expect(createdBy(first.report, 'uppdrag')).toBe(9);
      expect(first.counts.rejected).toBe(11);
      expect(
        first.report
          .filter((entry) => entry.outcome === 'rejected')
          .every((entry) => /^rad \d+/.test(entry.source)),
      ).toBe(true);
      expect(second.counts.created + second.counts.updated).toBe(0);
      expect(await tableCounts()).toEqual(before);
    });
  });

  it('audits each import', async () => {
    const rows = await query(
      world.testApp,
      "select action, count(*)::int as count from audit_entry where action like 'directory.import.%' group by action order by action",
    );
    expect(rows).toEqual([
      { action: 'directory.import.completed', count: 6 },
      { action: 'directory.import.failed', count: 1 },
      { action: 'directory.import.submitted', count: 7 },
    ]);
  });

  it('fails an import whose job gave up, with a reason to act on, and leaves an ended one alone', async () => {
    const running = '00000000-0000-4000-8000-0000000000a1';
    const done = '00000000-0000-4000-8000-0000000000a2';
    await query(
      world.testApp,
      `insert into directory_import (id, format, file_name, content_sha256, status, created_at, started_at)
       values ($1, 'ss12000', 'avbruten.json', 'sha', 'running', now(), now()),
              ($2, 'ss12000', 'klar.json', 'sha', 'completed', now(), now())`,
      [running, done],
    );
    await query(
      world.testApp,
      `insert into directory_import_part (import_id, seq, bytes) values ($1, 0, '\\x7b7d')`,
      [running],
    );
    const imports = world.testApp.app.get(DirectoryImportService);

    await imports.giveUp(running);
    await imports.giveUp(done);

    const rows = await query(
      world.testApp,
      `select id, status, failure, finished_at is not null as finished,
              (select count(*)::int from directory_import_part p where p.import_id = i.id) as parts
         from directory_import i where id in ($1, $2) order by id`,
      [running, done],
    );
    expect(rows).toEqual([
      { id: running, status: 'failed', failure: GAVE_UP, finished: true, parts: 0 },
      { id: done, status: 'completed', failure: null, finished: false, parts: 0 },
    ]);
    const audited = await query(
      world.testApp,
      "select target_id from audit_entry where action = 'directory.import.failed' and target_id in ($1, $2)",
      [running, done],
    );
    expect(audited).toEqual([{ target_id: running }]);
  });
});
