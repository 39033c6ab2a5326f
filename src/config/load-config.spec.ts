import { ConfigValidationError, loadConfig, withDatabaseUrl } from './load-config';

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
  ])('refuses %s=%s and names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigValidationError);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as ConfigValidationError).problems.join('\n')).toContain(`${name}=`);
    }
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
