import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

import { AppConfig, EnvironmentVariables, SECRET_FILE_SETTINGS } from './app-config';
import { resolveSecretFiles } from './secret-files';

/** The project root: src/config (ts) and dist/config (built) both sit two levels below it. */
const PROJECT_ROOT = resolve(__dirname, '..', '..');

export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

const isSecret = (name: string): boolean =>
  (SECRET_FILE_SETTINGS as readonly string[]).includes(name);

function describe(
  errors: readonly ValidationError[],
  fromFile: ReadonlyMap<string, string>,
): string[] {
  return errors.map((error) => {
    const reasons = Object.values(error.constraints ?? {}).map((text) =>
      text.replace(new RegExp(`^${error.property} `), ''),
    );
    // A secret's value (a password, a URL with one) never reaches the logs.
    const shown = isSecret(error.property)
      ? `(hidden${typeof error.value === 'string' ? `, ${error.value.length} characters` : ''})`
      : typeof error.value === 'string'
        ? JSON.stringify(error.value)
        : String(error.value);
    const file = fromFile.get(error.property);
    const source = file ? ` (from ${error.property}_FILE=${JSON.stringify(file)})` : '';
    return `${error.property}=${shown}${source}: ${reasons.join('; ')}`;
  });
}

/**
 * Reads the environment once, validates it and returns the typed settings.
 * Throws ConfigValidationError naming every variable that is wrong.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const secrets = resolveSecretFiles(environment);
  const known = Object.keys(new EnvironmentVariables());
  const relevant = Object.fromEntries(
    Object.entries(secrets.environment).filter(([key]) => known.includes(key)),
  );
  const env = plainToInstance(EnvironmentVariables, relevant, { exposeDefaultValues: true });
  const errors = validateSync(env, { forbidUnknownValues: true });
  if (secrets.problems.length > 0 || errors.length > 0) {
    throw new ConfigValidationError([...secrets.problems, ...describe(errors, secrets.fromFile)]);
  }

  const servesHttp = env.ROLE !== 'worker';
  const productionProblems: string[] = [];
  if (env.NODE_ENV === 'production') {
    // Only a process that serves HTTP signs session cookies: a worker starts without one.
    if (servesHttp && !env.SESSION_SECRET) {
      productionProblems.push(
        `SESSION_SECRET=undefined: must be set in production when ROLE=${env.ROLE} serves HTTP (or SESSION_SECRET_FILE)`,
      );
    }
    // Letters, e-mails and the e-legitimation callback carry it; a guess would send people astray.
    if (!env.PUBLIC_BASE_URL) {
      productionProblems.push(
        'PUBLIC_BASE_URL=undefined: must be set in production (the address users reach the service at)',
      );
    }
    if (env.DEMO_DATA === 'on') {
      productionProblems.push('DEMO_DATA="on": demo data is never loaded in production');
    }
  }
  for (const name of [
    'CADENCE_PLAN_YEARS_GRUNDSKOLA',
    'CADENCE_PLAN_YEARS_ANPASSAD_GRUNDSKOLA',
  ] as const) {
    const range = yearRange(env[name]);
    if (range && range.from > range.to) {
      productionProblems.push(
        `${name}=${JSON.stringify(env[name])}: the first year is after the last`,
      );
    }
  }
  if (productionProblems.length > 0) {
    throw new ConfigValidationError(productionProblems);
  }
  // Elsewhere the address follows the port the service listens on.
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`;

  const root = PROJECT_ROOT;
  const dataDir = resolve(root, env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    role: env.ROLE,
    runsHttp: servesHttp,
    runsWorkers: env.ROLE !== 'web',
    http: { host: env.HOST, port: env.PORT, publicBaseUrl },
    log: { level: env.LOG_LEVEL },
    ops: { host: env.OPS_HOST, port: env.OPS_PORT },
    tracing: { mode: env.TRACING },
    database: {
      url: env.DATABASE_URL,
      isEmbedded: env.DATABASE_URL === undefined,
      schema: env.DATABASE_SCHEMA,
      poolMax: env.DATABASE_POOL_MAX,
      preparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'true',
      embedded: { dataDir: join(dataDir, 'postgres'), port: env.EMBEDDED_POSTGRES_PORT },
    },
    queue: {
      backend: env.REDIS_URL ? 'redis' : 'postgres',
      redisUrl: env.REDIS_URL,
      postgresSchema: env.QUEUE_SCHEMA,
      redisPrefix: env.QUEUE_PREFIX,
      requestsConcurrency: env.REQUESTS_WORKER_CONCURRENCY,
    },
    directoryImport: { nodeArgs: env.DIRECTORY_IMPORT_NODE_ARGS.split(/\s+/).filter(Boolean) },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    auth: {
      sessionSecret: env.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
      sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
      secureCookies: publicBaseUrl.startsWith('https:'),
      maxFailures: env.LOGIN_MAX_FAILURES,
      lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES,
      accountMaxFailures: env.LOGIN_ACCOUNT_MAX_FAILURES,
      knownAddressDays: env.LOGIN_KNOWN_ADDRESS_DAYS,
      loginRateLimit: env.LOGIN_RATE_LIMIT,
      addressMaxUsernames: env.LOGIN_ADDRESS_MAX_USERNAMES,
      trustProxyHops: env.TRUST_PROXY_HOPS,
    },
    demo: {
      enabled:
        env.NODE_ENV !== 'production' &&
        (env.DEMO_DATA === 'on' || (env.DEMO_DATA === 'auto' && env.DATABASE_URL === undefined)),
      password: env.DEMO_PASSWORD,
    },
    paths: { root, templates: join(root, 'templates'), publicAssets: join(root, 'public') },
    municipality: {
      name: env.MUNICIPALITY_NAME,
      contactPhone: env.CONTACT_PHONE,
      contactWebsite: env.CONTACT_WEBSITE,
      dataProtectionOfficer: env.DATA_PROTECTION_OFFICER,
    },
    retention: {
      yearsAfterLeaving: env.RETENTION_YEARS,
      requestYears: env.REQUEST_RETENTION_YEARS,
      hour: env.RETENTION_HOUR,
      batchSize: env.RETENTION_BATCH_SIZE,
      guardianContactGraceDays: env.GUARDIAN_CONTACT_GRACE_DAYS,
      staffAccountDeleteDays: env.STAFF_ACCOUNT_DELETE_DAYS,
      registerExtractKeepDays: env.REGISTER_EXTRACT_KEEP_DAYS,
      talkKeepDays: env.TALK_KEEP_DAYS,
    },
    talks: { reminderHour: env.TALK_REMINDER_HOUR },
    requests: {
      firstActionWorkingDays: env.REQUEST_FIRST_ACTION_WORKING_DAYS,
      decisionWorkingDays: env.REQUEST_DECISION_WORKING_DAYS,
      intakeRateLimit: env.INTAKE_RATE_LIMIT,
      downloadLinkDays: env.DOWNLOAD_LINK_DAYS,
      appealPostMarginWorkingDays: env.APPEAL_POST_MARGIN_WORKING_DAYS,
      fourEyes: env.REQUEST_FOUR_EYES,
      downloadLinkMaxDownloads: env.DOWNLOAD_LINK_MAX_DOWNLOADS,
      downloadLinkMaxPerRequest: env.DOWNLOAD_LINK_MAX_PER_REQUEST,
      tariff: {
        freePages: env.COPY_FEE_FREE_PAGES,
        baseFeeKr: env.COPY_FEE_BASE_KR,
        perPageKr: env.COPY_FEE_PER_PAGE_KR,
      },
      delegation: env.DECISION_DELEGATION,
      appealCourt: env.APPEAL_COURT,
      escalateTo: [
        ...new Set(
          env.REQUEST_ESCALATION_TO.split(',')
            .map((name) => name.trim().toLowerCase())
            .filter(Boolean),
        ),
      ],
      reminderHour: env.REQUEST_REMINDER_HOUR,
      firstActionReminderHour: env.REQUEST_FIRST_ACTION_REMINDER_HOUR,
      appealForwardWorkingDays: env.APPEAL_FORWARD_WORKING_DAYS,
      viewingPlace: env.VIEWING_PLACE,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    registerExtract: { role: env.REGISTER_EXTRACT_ROLE },
    cadence: {
      schoolYearStart: monthDay(env.CADENCE_SCHOOL_YEAR_START),
      springTermStart: monthDay(env.CADENCE_SPRING_TERM_START),
      planYears: {
        grundskola: yearRange(env.CADENCE_PLAN_YEARS_GRUNDSKOLA),
        anpassadGrundskola: yearRange(env.CADENCE_PLAN_YEARS_ANPASSAD_GRUNDSKOLA),
      },
    },
    redaction: {
      grounds: [
        ...new Set(
          env.REDACTION_GROUNDS.split(';')
            .map((ground) => ground.trim())
            .filter(Boolean),
        ),
      ],
    },
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            scopes: env.OIDC_SCOPES,
            acrValues: env.OIDC_ACR_VALUES,
            civicNumberClaim: env.OIDC_CIVIC_NUMBER_CLAIM,
            allowPupils: env.OIDC_ALLOW_PUPILS === 'true',
            redirectUri: new URL('/logga-in/bankid/callback', publicBaseUrl).toString(),
          }
        : null,
  };
}

/**
 * The settings for a command-line tool (`npm run admin:create`, `backup`,
 * `restore`): the service's own, read the same way, but the command serves no
 * HTTP and runs no workers, so it needs no SESSION_SECRET whatever ROLE says.
 */
export function loadCommandConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  return loadConfig({ ...environment, ROLE: 'worker' });
}

/** The same settings with the database URL filled in once the embedded PostgreSQL runs. */
export function withDatabaseUrl(config: AppConfig, url: string): AppConfig {
  return { ...config, database: { ...config.database, url } };
}

/** "07-01" → { month: 7, day: 1 } (the shape is checked by validation). */
function monthDay(text: string): { month: number; day: number } {
  const [month, day] = text.split('-').map(Number);
  return { month, day };
}

/** "1-5" → { from: 1, to: 5 }; "" → null (the shape is checked by validation). */
function yearRange(text: string): { from: number; to: number } | null {
  if (text === '') {
    return null;
  }
  const [from, to] = text.split('-').map(Number);
  return { from, to };
}
