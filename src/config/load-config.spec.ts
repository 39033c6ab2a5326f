import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SECRET_FILE_SETTINGS } from './app-config';
import {
  ConfigValidationError,
  loadCommandConfig,
  loadConfig,
  withDatabaseUrl,
} from './load-config';

/** The problems loadConfig reports for this environment (none: it loaded). */
function problemsOf(environment: Record<string, string>): readonly string[] {
  try {
    loadConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error.problems;
    }
    throw error;
  }
}

const SECRET = 'a-session-secret-of-more-than-32-characters';

describe('loadConfig', () => {
  it('gives the embedded defaults when nothing is set', () => {
    const config = loadConfig({});

    expect(config.role).toBe('all');
    expect(config.runsHttp).toBe(true);
    expect(config.runsWorkers).toBe(true);
    expect(config.http.port).toBe(3000);
    expect(config.database.isEmbedded).toBe(true);
    expect(config.database.url).toBeUndefined();
    expect(config.database.embedded.port).toBe(54329);
    expect(config.database.embedded.dataDir).toMatch(/\.data\/postgres$/);
    expect(config.queue.backend).toBe('postgres');
    expect(config.queue.postgresSchema).toBe('bullmq');
  });

  it('uses external PostgreSQL and Redis when their URLs are set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u:p@db:5432/iup',
      REDIS_URL: 'redis://cache:6379',
    });

    expect(config.database.isEmbedded).toBe(false);
    expect(config.database.url).toBe('postgresql://u:p@db:5432/iup');
    expect(config.queue.backend).toBe('redis');
    expect(config.queue.redisUrl).toBe('redis://cache:6379');
  });

  it('treats an empty URL as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', REDIS_URL: '  ' });

    expect(config.database.isEmbedded).toBe(true);
    expect(config.queue.backend).toBe('postgres');
  });

  it.each([
    ['web', true, false],
    ['worker', false, true],
    ['all', true, true],
  ])('ROLE=%s runs HTTP: %s, workers: %s', (role, runsHttp, runsWorkers) => {
    const config = loadConfig({ ROLE: role });

    expect(config.runsHttp).toBe(runsHttp);
    expect(config.runsWorkers).toBe(runsWorkers);
  });

  it('converts numbers', () => {
    expect(loadConfig({ PORT: '8080' }).http.port).toBe(8080);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['ROLE', 'scheduler'],
    ['DATABASE_URL', 'mysql://localhost/iup'],
    ['REDIS_URL', 'localhost:6379'],
    ['DATABASE_SCHEMA', 'Robert"); drop table x;--'],
    ['LOG_LEVEL', 'loud'],
    ['PUBLIC_BASE_URL', 'not a url'],
    ['DIRECTORY_IMPORT_NODE_ARGS', '--max-old-space-size=400 ; rm -rf /'],
    ['DIRECTORY_IMPORT_NODE_ARGS', 'dist/other.js'],
    ['DIRECTORY_IMPORT_NODE_ARGS', '--inspect=0.0.0.0:9229'],
    ['DIRECTORY_IMPORT_NODE_ARGS', '--max-old-space-size=600 --require=./evil.js'],
    ['DIRECTORY_IMPORT_NODE_ARGS', '--max-old-space-size=600--expose-gc'],
  ])('refuses %s=%s and names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigValidationError);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as ConfigValidationError).problems.join('\n')).toContain(`${name}=`);
    }
  });

  it('splits the directory import’s node arguments, and takes none when empty', () => {
    expect(loadConfig({}).directoryImport.nodeArgs).toEqual([
      '--max-semi-space-size=8',
      '--heap-growing-percent=30',
    ]);
    expect(
      loadConfig({
        DIRECTORY_IMPORT_NODE_ARGS: ' --max-old-space-size=600   --heap-growing-percent=20 ',
      }).directoryImport.nodeArgs,
    ).toEqual(['--max-old-space-size=600', '--heap-growing-percent=20']);
    expect(loadConfig({ DIRECTORY_IMPORT_NODE_ARGS: '' }).directoryImport.nodeArgs).toEqual([]);
  });

  it('reports every bad variable at once', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({ PORT: 'x', ROLE: 'y' });
    } catch (error) {
      problems = (error as ConfigValidationError).problems;
    }

    expect(problems).toHaveLength(2);
    expect(problems.some((problem) => problem.startsWith('PORT='))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('ROLE='))).toBe(true);
  });

  it('reads the law’s cadence: days of the year and ranges of school years', () => {
    expect(loadConfig({}).cadence).toEqual({
      schoolYearStart: { month: 7, day: 1 },
      springTermStart: { month: 1, day: 1 },
      planYears: { grundskola: { from: 1, to: 5 }, anpassadGrundskola: { from: 1, to: 9 } },
    });
    const other = loadConfig({
      CADENCE_SCHOOL_YEAR_START: '08-01',
      CADENCE_PLAN_YEARS_GRUNDSKOLA: '',
      CADENCE_PLAN_YEARS_ANPASSAD_GRUNDSKOLA: '1-10',
    }).cadence;
    expect(other.schoolYearStart).toEqual({ month: 8, day: 1 });
    expect(other.planYears).toEqual({ grundskola: null, anpassadGrundskola: { from: 1, to: 10 } });
    expect(
      problemsOf({
        CADENCE_SCHOOL_YEAR_START: '02-29',
        CADENCE_SPRING_TERM_START: '1-1',
        CADENCE_PLAN_YEARS_GRUNDSKOLA: '1 till 5',
      }).map((problem) => problem.split('=')[0]),
    ).toEqual([
      'CADENCE_SCHOOL_YEAR_START',
      'CADENCE_SPRING_TERM_START',
      'CADENCE_PLAN_YEARS_GRUNDSKOLA',
    ]);
    expect(problemsOf({ CADENCE_PLAN_YEARS_GRUNDSKOLA: '5-1' })).toEqual([
      'CADENCE_PLAN_YEARS_GRUNDSKOLA="5-1": the first year is after the last',
    ]);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ HOME: '/root', SOMETHING_ELSE: '1' })).not.toThrow();
  });

  it('fills in the embedded database URL without changing anything else', () => {
    const config = loadConfig({});
    const started = withDatabaseUrl(config, 'postgresql://postgres:x@127.0.0.1:54329/iup');

    expect(started.database.url).toBe('postgresql://postgres:x@127.0.0.1:54329/iup');
    expect(started.database.isEmbedded).toBe(true);
    expect(config.database.url).toBeUndefined();
  });

  it('configures e-legitimation only with issuer, client id and secret', () => {
    expect(loadConfig({}).oidc).toBeNull();
    expect(() => loadConfig({ OIDC_ISSUER: 'https://kommun.idura.broker' })).toThrow(
      /OIDC_CLIENT_ID=.*\n.*OIDC_CLIENT_SECRET=/s,
    );

    const config = loadConfig({
      OIDC_ISSUER: 'https://kommun.idura.broker',
      OIDC_CLIENT_ID: 'iup',
      OIDC_CLIENT_SECRET: 'hemligt',
      PUBLIC_BASE_URL: 'https://iup.kommun.se',
    });

    expect(config.oidc).toMatchObject({
      civicNumberClaim: 'ssn',
      allowPupils: false,
      scopes: 'openid',
      redirectUri: 'https://iup.kommun.se/logga-in/bankid/callback',
    });
  });
});

describe('loadConfig in production', () => {
  const production = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://iup.kommun.se' };

  it.each(['web', 'all'])('needs SESSION_SECRET when ROLE=%s serves HTTP', (role) => {
    expect(problemsOf({ ...production, ROLE: role })).toEqual([
      expect.stringMatching(/^SESSION_SECRET=undefined: must be set in production/),
    ]);
    expect(problemsOf({ ...production, ROLE: role, SESSION_SECRET: SECRET })).toEqual([]);
  });

  it('starts a worker without SESSION_SECRET', () => {
    const config = loadConfig({ ...production, ROLE: 'worker' });

    expect(config.runsHttp).toBe(false);
    expect(config.auth.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('needs PUBLIC_BASE_URL, whatever the role, and reports it with the secret at once', () => {
    expect(problemsOf({ NODE_ENV: 'production', ROLE: 'worker' })).toEqual([
      expect.stringMatching(/^PUBLIC_BASE_URL=undefined: must be set in production/),
    ]);
    expect(problemsOf({ NODE_ENV: 'production' })).toHaveLength(2);
  });

  it('uses the PUBLIC_BASE_URL it is given, and secure cookies with https', () => {
    const config = loadConfig({ ...production, SESSION_SECRET: SECRET, PORT: '8080' });

    expect(config.http.publicBaseUrl).toBe('https://iup.kommun.se');
    expect(config.auth.secureCookies).toBe(true);
  });
});

describe('loadCommandConfig', () => {
  it('needs no SESSION_SECRET in production: a command serves no HTTP', () => {
    const config = loadCommandConfig({
      NODE_ENV: 'production',
      ROLE: 'web',
      PUBLIC_BASE_URL: 'https://iup.kommun.se',
    });

    expect(config.runsHttp).toBe(false);
    expect(config.runsWorkers).toBe(true);
  });
});

describe('PUBLIC_BASE_URL outside production', () => {
  it('follows PORT when unset', () => {
    expect(loadConfig({}).http.publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '4123' }).http.publicBaseUrl).toBe('http://localhost:4123');
    expect(loadConfig({ NODE_ENV: 'test', PORT: '4124' }).http.publicBaseUrl).toBe(
      'http://localhost:4124',
    );
    expect(loadConfig({ PORT: '4123', PUBLIC_BASE_URL: ' ' }).http.publicBaseUrl).toBe(
      'http://localhost:4123',
    );
  });

  it('keeps one that is set, whatever the port', () => {
    const config = loadConfig({ PORT: '4123', PUBLIC_BASE_URL: 'http://iup.test:8000' });

    expect(config.http.publicBaseUrl).toBe('http://iup.test:8000');
    expect(config.auth.secureCookies).toBe(false);
  });
});

describe('settings from files (X_FILE)', () => {
  let dir: string;
  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'iup-config-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a file for each secret setting', () => {
    expect([...SECRET_FILE_SETTINGS].sort()).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'DEMO_PASSWORD',
        'OIDC_CLIENT_SECRET',
        'REDIS_URL',
        'SESSION_SECRET',
        'SMTP_URL',
      ]),
    );
  });

  it('reads the value from the file without its trailing line break', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: 'https://iup.kommun.se',
      SESSION_SECRET_FILE: file('session', `${SECRET}\n`),
      DATABASE_URL_FILE: file('database', 'postgresql://iup:hemligt@db:5432/iup\r\n'),
      REDIS_URL_FILE: file('redis', 'redis://:hemligt@cache:6379'),
      SMTP_URL_FILE: file('smtp', 'smtp://u:p@mail:587\n'),
      DEMO_PASSWORD_FILE: file('demo', 'ett demolösenord\n'),
      OIDC_ISSUER: 'https://kommun.idura.broker',
      OIDC_CLIENT_ID: 'iup',
      OIDC_CLIENT_SECRET_FILE: file('oidc', 'klienthemlighet\n'),
    });

    expect(config.auth.sessionSecret).toBe(SECRET);
    expect(config.database.url).toBe('postgresql://iup:hemligt@db:5432/iup');
    expect(config.queue.redisUrl).toBe('redis://:hemligt@cache:6379');
    expect(config.mail.smtpUrl).toBe('smtp://u:p@mail:587');
    expect(config.demo.password).toBe('ett demolösenord');
    expect(config.oidc?.clientSecret).toBe('klienthemlighet');
  });

  it('keeps spaces inside and before the line break', () => {
    expect(
      loadConfig({ DEMO_PASSWORD_FILE: file('spaces', ' med mellanslag \n') }).demo.password,
    ).toBe(' med mellanslag ');
  });

  it('refuses a setting given both ways, naming both', () => {
    expect(
      problemsOf({ SESSION_SECRET: SECRET, SESSION_SECRET_FILE: file('both', SECRET) }),
    ).toEqual(['SESSION_SECRET and SESSION_SECRET_FILE are both set: set only one of them']);
  });

  it('refuses a file it cannot read, naming the variable and the path', () => {
    const missing = join(dir, 'no-such-file');
    expect(problemsOf({ SESSION_SECRET_FILE: missing })).toEqual([
      `SESSION_SECRET_FILE=${JSON.stringify(missing)}: cannot read the file (ENOENT)`,
    ]);
    expect(problemsOf({ DATABASE_URL_FILE: dir })).toEqual([
      `DATABASE_URL_FILE=${JSON.stringify(dir)}: cannot read the file (EISDIR)`,
    ]);
  });

  it('refuses an unreadable file without showing anything of it', () => {
    const locked = file('locked', SECRET);
    chmodSync(locked, 0o000);
    const problems = problemsOf({ SESSION_SECRET_FILE: locked });
    // Root reads any file; the test then only checks that the value was taken.
    if (problems.length > 0) {
      expect(problems).toEqual([
        `SESSION_SECRET_FILE=${JSON.stringify(locked)}: cannot read the file (EACCES)`,
      ]);
    }
    expect(problems.join('\n')).not.toContain(SECRET);
  });

  it('refuses an empty file', () => {
    const empty = file('empty', '\n');
    expect(problemsOf({ REDIS_URL_FILE: empty })).toEqual([
      `REDIS_URL_FILE=${JSON.stringify(empty)}: the file is empty`,
    ]);
  });

  it('validates what the file holds and never shows it', () => {
    const short = file('short', 'kort-hemlighet\n');
    const problems = problemsOf({ SESSION_SECRET_FILE: short });

    expect(problems).toEqual([
      `SESSION_SECRET=(hidden, 14 characters) (from SESSION_SECRET_FILE=${JSON.stringify(short)}): must be at least 32 characters`,
    ]);
    expect(problems.join('\n')).not.toContain('kort-hemlighet');
  });

  it('never shows a secret given directly either', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hemligt@db/iup' });

    expect(problems).toEqual([
      expect.stringMatching(/^DATABASE_URL=\(hidden, 27 characters\): must be a postgres/),
    ]);
  });

  it('ignores a _FILE variable of a setting that is not a secret', () => {
    expect(loadConfig({ PORT_FILE: file('port', '9999') }).http.port).toBe(3000);
  });
});
