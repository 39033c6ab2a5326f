import 'reflect-metadata';

import { parseArgs } from 'node:util';

import { MikroORM } from '@mikro-orm/postgresql';

import { AuditService } from '../audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { ConfigValidationError, loadCommandConfig } from '../config/load-config';
import { openCommandDatabase } from '../database/command-database';
import { buildOrmOptions } from '../database/mikro-orm.options';
import { ALL_ENTITIES } from '../entities';
import { AdministratorSetupService, normaliseUsername } from './administrator-setup.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { passwordProblem } from './password-rules';

/**
 * `npm run admin:create -- --username NAME [--reset] [--name "Given Family"]`:
 * the first administrator of an install (AdministratorSetupService). The
 * password comes from standard input when it is piped (one line), else it is
 * asked for twice on the terminal without being shown. Uses the service's own
 * settings: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (the
 * running service's, or started for the command), and applies pending
 * migrations first.
 *
 * Exit codes: 0 done; 1 refused (a password the web would refuse, a username
 * that exists without --reset, a bad username) and nothing written; 2 wrong
 * arguments, bad settings or the database could not be reached.
 */
const USAGE = [
  'Usage: npm run admin:create -- --username NAME [--reset] [--name "Given Family"]',
  '  Creates an administrator account. The password is read from standard input',
  '  when it is piped (e.g. from a secrets file), else asked for without echo.',
  '  --reset  the account exists: give it this password and the administrator role',
  '  --name   the name of the person behind a new account (default "Administratör NAME")',
].join('\n');

class UsageError extends Error {}
class Refused extends Error {}

interface Options {
  readonly username: string;
  readonly reset: boolean;
  readonly name?: { givenName: string; familyName: string };
}

function parseOptions(args: string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        username: { type: 'string' },
        reset: { type: 'boolean', default: false },
        name: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    return 'help';
  }
  if (!values.username) {
    throw new UsageError(`--username is required.\n${USAGE}`);
  }
  let name: Options['name'];
  if (values.name !== undefined) {
    const parts = values.name.trim().split(/\s+/);
    if (parts.length < 2) {
      throw new UsageError('--name needs a given name and a family name, e.g. --name "Anna Berg".');
    }
    name = { givenName: parts.slice(0, -1).join(' '), familyName: parts.at(-1)! };
  }
  return { username: values.username, reset: values.reset, name };
}

/** One line from a pipe, without its line break. */
async function readPipedPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (/[\r\n]/.test(text)) {
    throw new UsageError('Standard input has more than one line; pipe only the password.');
  }
  if (text === '') {
    throw new UsageError('No password on standard input.');
  }
  return text;
}

/** Asks on the terminal without echo; Ctrl-C gives up. */
function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value: string[] = [];
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string): void => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          resolve(value.join(''));
          return;
        }
        if (character === '\u0003' || character === '\u0004') {
          finish();
          reject(new UsageError('Cancelled; nothing was changed.'));
          return;
        }
        if (character === '\u007f' || character === '\b') {
          value = value.slice(0, -1);
        } else {
          value.push(character);
        }
      }
    };
    input.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    return readPipedPassword();
  }
  const password = await promptHidden('Password for the administrator: ');
  const problem = passwordProblem(password);
  if (problem) {
    throw new Refused(`${problem.message} Nothing was changed.`);
  }
  if ((await promptHidden('The same password again: ')) !== password) {
    throw new Refused('The two passwords differ. Nothing was changed.');
  }
  return password;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadCommandConfig();
  const username = normaliseUsername(options.username);
  const password = await readPassword();
  const problem = passwordProblem(password);
  if (problem) {
    // The web's own words: the same rule refuses it there.
    throw new Refused(`${problem.message} Nothing was changed.`);
  }

  const database = await openCommandDatabase(config, { migrate: true });
  try {
    const orm = await MikroORM.init(buildOrmOptions(database.config, ALL_ENTITIES));
    const loginLimits = new LoginRateLimiter(database.config);
    try {
      const audit = new AuditService(orm.em);
      const setup = new AdministratorSetupService(orm.em, audit, loginLimits);
      const result = await setup.setUpAdministrator({
        username,
        password,
        reset: options.reset,
        name: options.name,
      });
      // No AuditLinker runs here: the entry is linked into the chain before the command ends.
      await audit.link({ wait: true });
      const signIn = new URL('/logga-in', database.config.http.publicBaseUrl).toString();
      process.stdout.write(
        result.outcome === 'created'
          ? `Created the administrator account "${username}". Sign in at ${signIn}\n`
          : `Reset the account "${username}": new password, lock and block lifted, ` +
              `${result.dutyGranted ? 'administrator role given' : 'administrator role already held'}. ` +
              `Sign in at ${signIn}\n`,
      );
      return 0;
    } finally {
      await loginLimits.onApplicationShutdown();
      await orm.close();
    }
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Refused) {
      process.stderr.write(`Refused: ${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof DomainError && error.code === ErrorCode.Conflict) {
      process.stderr.write(
        'Refused: that account already exists. Run again with --reset to give it this password ' +
          'and the administrator role. Nothing was changed.\n',
      );
      process.exit(1);
    }
    if (error instanceof DomainError && error.code === ErrorCode.ValidationFailed) {
      process.stderr.write(`Refused: ${error.message} Nothing was changed.\n`);
      process.exit(1);
    }
    const message =
      error instanceof UsageError || error instanceof ConfigValidationError
        ? error.message
        : `The administrator could not be created: ${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exit(2);
  },
);
