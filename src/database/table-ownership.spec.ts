import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import ts from 'typescript';

/*
 * Each table belongs to exactly one module: the one whose entity file declares it. Another
 * module reads or writes it only through the owner's exported query or command service, so a
 * module's queries name only its own tables — in raw SQL strings, in Kysely calls
 * (`selectFrom('plan')`, joins, inserts…) and by importing another module's entity classes.
 * There are no crossings left (the list of known ones went when it was empty): the test fails
 * on any.
 */

const SRC = join(__dirname, '..');

const KYSELY_TABLE_CALLS = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'mergeInto',
]);

/** A table named after a keyword in SQL text: `from plan`, `join person p`, `update account`. */
const SQL_TABLE = /\b(?:from|join|into|update|table|truncate)\s+"?([a-z_][a-z0-9_]*)"?/gi;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function moduleOf(file: string): string | undefined {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

const isEntityFile = (file: string): boolean => /\.entit(y|ies)\.ts$/.test(file);

/** table → owning module, from each module's entity files. */
function tableOwners(files: readonly string[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of files.filter(isEntityFile)) {
    const module = moduleOf(file);
    for (const match of readFileSync(file, 'utf8').matchAll(/tableName:\s*'([a-z_0-9]+)'/g)) {
      const table = match[1];
      const previous = owners.get(table);
      if (previous && previous !== module) {
        throw new Error(`${table} is declared by both ${previous} and ${module}`);
      }
      if (module) owners.set(table, module);
    }
  }
  return owners;
}

/** Every table a file's code names, and every module whose entity file it imports. */
function namedTables(
  file: string,
  text = readFileSync(file, 'utf8'),
): { tables: Set<string>; entityImports: Set<string> } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2023);
  const tables = new Set<string>();
  const entityImports = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      /\.entit(y|ies)$/.test(node.moduleSpecifier.text) &&
      !node.importClause?.isTypeOnly
    ) {
      const target = moduleOf(join(file, '..', node.moduleSpecifier.text));
      if (target) entityImports.add(target);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      const [first] = node.arguments;
      if (name && KYSELY_TABLE_CALLS.has(name) && first && ts.isStringLiteralLike(first)) {
        tables.add(first.text.split(/\s+/)[0]);
      }
    }
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      for (const match of node.text.matchAll(SQL_TABLE)) tables.add(match[1].toLowerCase());
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { tables, entityImports };
}

function crossings(): string[] {
  const files = filesUnder(SRC);
  const owners = tableOwners(files);
  const found = new Set<string>();
  for (const file of files) {
    const module = moduleOf(file);
    if (!module || module === 'database' || isEntityFile(file) || file.endsWith('.spec.ts')) {
      continue;
    }
    const { tables, entityImports } = namedTables(file);
    for (const table of tables) {
      const owner = owners.get(table);
      if (owner && owner !== module) found.add(`${module} -> ${table}`);
    }
    for (const target of entityImports) {
      if (target !== module) found.add(`${module} -> entities of ${target}`);
    }
  }
  return [...found].sort();
}

describe('table ownership', () => {
  it('every table of the migrations has one owning module', () => {
    const files = filesUnder(SRC);
    const owners = tableOwners(files);
    const created = new Set<string>();
    for (const file of files.filter((f) => f.includes(`${sep}migrations${sep}`))) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /create table (?:if not exists )?([a-z_0-9]+)/gi,
      )) {
        created.add(match[1].toLowerCase());
      }
    }
    expect([...created].filter((table) => !owners.has(table))).toEqual([]);
    expect(created.size).toBeGreaterThanOrEqual(32);
  });

  it("no module names another module's tables", () => {
    // Each entry reads `module -> table` (or `module -> entities of other`).
    expect(crossings()).toEqual([]);
  });

  it('finds tables in SQL text, in Kysely calls and through entity imports', () => {
    const { tables, entityImports } = namedTables(
      join(SRC, 'requests', 'example.ts'),
      [
        "import { Plan } from '../plans/plans.entities';",
        "import type { PlanVersion } from '../plans/plans.entities';",
        "import { RecordsRequest } from './requests.entities';",
        "const rows = await em.execute('select p.id from person p join account a on a.person_id = p.id');",
        "await db.selectFrom('public_record as r').innerJoin('plan_version', 'v.id', 'r.id');",
        "await db.updateTable('records_request').set({ status: 'closed' }).execute();",
        'const note = `Begäran om planen från eleven`;',
      ].join('\n'),
    );
    expect([...tables].sort()).toEqual([
      'account',
      'person',
      'plan_version',
      'public_record',
      'records_request',
    ]);
    expect([...entityImports].sort()).toEqual(['plans', 'requests']);
  });
});
