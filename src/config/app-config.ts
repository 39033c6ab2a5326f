import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const PROCESS_ROLES = ['web', 'worker', 'all'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const REDIS_URL = /^rediss?:\/\/\S+$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const blankToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable the service reads, with its default. The names of
 * the properties are the names of the variables, so a validation message names
 * exactly what the operator has to fix. Only `loadConfig` builds this object.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: NodeEnvironment = 'development';

  /** Which parts this process runs: HTTP, queue workers or both. */
  @IsIn(PROCESS_ROLES)
  ROLE: ProcessRole = 'all';

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** External PostgreSQL. Unset: an embedded PostgreSQL under DATA_DIR is started. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string = undefined;

  /** The PostgreSQL schema that holds the service's tables. */
  @Matches(SQL_IDENTIFIER, { message: 'must be a lower-case SQL identifier' })
  DATABASE_SCHEMA = 'iup';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX = 10;

  /** Where the embedded PostgreSQL keeps its data (and other local state). */
  @IsString()
  @IsNotEmpty()
  DATA_DIR = '.data';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 54329;

  /** Redis for the queues. Unset: BullMQ runs on its PostgreSQL backend. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(REDIS_URL, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string = undefined;

  /** PostgreSQL schema of BullMQ's tables when the queues run on PostgreSQL. */
  @Matches(SQL_IDENTIFIER, { message: 'must be a lower-case SQL identifier' })
  QUEUE_SCHEMA = 'bullmq';

  /** Key prefix of BullMQ's keys when the queues run on Redis. */
  @Matches(/^[A-Za-z0-9_:-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ : or -' })
  QUEUE_PREFIX = 'iup';

  /**
   * Requests-queue jobs (first steps, deadline alerts) one worker process runs
   * at once, with the Redis queue backend (on PostgreSQL always 1: BullMQ's
   * clean-up of completed jobs deadlocked with more). On a small machine
   * shared with the web process, 1 keeps intake fast during a burst; a worker
   * on cores of its own drains faster with more (bench/results: intake, queues).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(32)
  REQUESTS_WORKER_CONCURRENCY = 1;

  /** How long a stopping process waits for in-flight work before it gives up. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  SHUTDOWN_TIMEOUT_MS = 30000;

  /** Signs session cookies. Required in production; elsewhere a random one per start. */
  @Transform(blankToUndefined)
  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters' })
  SESSION_SECRET?: string = undefined;

  /** A session ends after this long without a request. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  SESSION_IDLE_MINUTES = 120;

  /** Wrong passwords in a row before an account is locked for a while. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCKOUT_MINUTES = 15;

  /** Failed login attempts one client address may make per 15 minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_RATE_LIMIT = 50;

  /** Express's `trust proxy`: hops of reverse proxies in front (0 = none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  /** Demo municipality on an empty database: auto = with the embedded database, never in production. */
  @IsIn(['auto', 'on', 'off'])
  DEMO_DATA: 'auto' | 'on' | 'off' = 'auto';

  /** The demo accounts' password; generated and printed at start when unset. */
  @Transform(blankToUndefined)
  @IsOptional()
  @MinLength(8, { message: 'must be at least 8 characters' })
  DEMO_PASSWORD?: string = undefined;

  /** E-legitimation (BankID through an OpenID Connect broker). Unset: no e-legitimation login. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  OIDC_ISSUER?: string = undefined;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'must be set when OIDC_ISSUER is set' })
  OIDC_CLIENT_ID?: string = undefined;

  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'must be set when OIDC_ISSUER is set' })
  OIDC_CLIENT_SECRET?: string = undefined;

  @Matches(/^[\w:. -]+$/, { message: 'must be space-separated scopes' })
  OIDC_SCOPES = 'openid';

  /** e.g. urn:grn:authn:se:bankid:same-device (Idura) — asked of the broker as acr_values. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsString()
  OIDC_ACR_VALUES?: string = undefined;

  /** The ID token claim with the personal identity number: `ssn` (Idura), `nin` (Signicat), … */
  @Matches(/^[\w.:-]{1,100}$/, { message: 'must be a claim name' })
  OIDC_CIVIC_NUMBER_CLAIM = 'ssn';

  /** Whether pupils, not only guardians, may sign in with e-legitimation. */
  @IsIn(['true', 'false'])
  OIDC_ALLOW_PUPILS: 'true' | 'false' = 'false';

  /** Years plans are kept after the pupil left compulsory school (the information management plan decides). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  RETENTION_YEARS = 3;

  /** Years requests, their decisions and delivered copies are kept after the request closed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  REQUEST_RETENTION_YEARS = 10;

  /** The hour (Swedish time) the nightly disposal runs. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  RETENTION_HOUR = 2;

  /**
   * Records disposed of in one transaction; between batches the service
   * answers others. At most 500: each batch's audit entry names its records'
   * registration numbers, and an entry's details are capped at 16 kB.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  RETENTION_BATCH_SIZE = 500;

  /** How guardians reach Sektor Lärande, shown on the information page. */
  @IsString()
  @IsNotEmpty()
  CONTACT_PHONE = '0302-52 10 00';

  @IsString()
  @IsNotEmpty()
  CONTACT_WEBSITE = 'www.lerum.se/iup';

  /**
   * The legal grounds a reviewer may name for a redaction or a refusal,
   * separated by semicolons (the municipality's list).
   */
  @IsString()
  @IsNotEmpty()
  REDACTION_GROUNDS = 'OSL 23 kap. 2 §;OSL 21 kap. 3 §;OSL 21 kap. 7 §';

  /** Working days from receipt to the first action on a request for records (0: the same day). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30)
  REQUEST_FIRST_ACTION_WORKING_DAYS = 0;

  /** Working days from receipt to the decision on a request for records. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  REQUEST_DECISION_WORKING_DAYS = 2;

  /** Requests for records one client address may file per hour (the public form and API). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  INTAKE_RATE_LIMIT = 20;

  /**
   * Working days the post takes: a posted decision reaches the requester, and
   * a posted appeal the municipality, this much later (records stay held so long).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  APPEAL_POST_MARGIN_WORKING_DAYS = 2;

  /** Days a download link for electronic copies works. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  DOWNLOAD_LINK_DAYS = 14;

  /** Downloads one link allows (all files together). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  DOWNLOAD_LINK_MAX_DOWNLOADS = 20;

  /** Paper copies: pages free of charge, the fee for the first page after them, and each page after that (kr). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  COPY_FEE_FREE_PAGES = 9;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  COPY_FEE_BASE_KR = 50;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  COPY_FEE_PER_PAGE_KR = 2;

  /** The delegation a reviewer's decision is made under, as the decision letter states it. */
  @IsString()
  @IsNotEmpty()
  DECISION_DELEGATION =
    'barn- och utbildningsnämndens delegationsordning, punkt 1.5 (beslut om utlämnande av allmän handling)';

  /**
   * Who an overdue request is escalated to: the usernames of Sektor Lärande's
   * team leads, separated by commas. Empty: every reviewer.
   */
  @IsString()
  @Matches(/^[a-z0-9._@,\s-]*$/, { message: 'must be usernames separated by commas' })
  REQUEST_ESCALATION_TO = '';

  /** The hour (Swedish time) reminders and escalations go out on their day. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  REQUEST_REMINDER_HOUR = 8;

  /**
   * The hour (Swedish time) on the day the first action is due when the
   * assignee (or every reviewer) is reminded that nobody has acted yet; a
   * request that came in after it is not reminded (its new-request notice
   * is fresh), but escalated the next working morning if still untouched.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  REQUEST_FIRST_ACTION_REMINDER_HOUR = 13;

  /**
   * Working days from an appeal's arrival (or its being let through under
   * förvaltningslagen 45 §) to its forwarding to the court, "without delay"
   * (FL 46 §): reminded that morning, escalated the next.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  APPEAL_FORWARD_WORKING_DAYS = 1;

  /** Where requesters read records on site, as the booking tells them. */
  @IsString()
  @IsNotEmpty()
  VIEWING_PLACE = 'Sektor Lärandes reception i kommunhuset';

  /** The administrative court of appeal an appeal goes to. */
  @IsString()
  @IsNotEmpty()
  APPEAL_COURT = 'Kammarrätten i Göteborg';

  /** SMTP server for e-mail to requesters (smtp://user:pass@host:587); unset = e-mails wait in the outbox. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string = undefined;

  /** The sender of e-mails to requesters. */
  @IsString()
  @IsNotEmpty()
  MAIL_FROM = 'Sektor Lärande <sektor.larande@kommun.example>';

  /** The municipality's name as shown on pages and documents. */
  @IsString()
  @IsNotEmpty()
  MUNICIPALITY_NAME = 'Lerums kommun';

  /** The address citizens and staff use to reach the service (links in letters and e-mails). */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://localhost:3000';
}

export type QueueBackendKind = 'postgres' | 'redis';

/** The typed settings object the rest of the service depends on. */
export interface AppConfig {
  readonly env: NodeEnvironment;
  readonly role: ProcessRole;
  readonly runsHttp: boolean;
  readonly runsWorkers: boolean;
  readonly http: { readonly host: string; readonly port: number; readonly publicBaseUrl: string };
  readonly log: { readonly level: LogLevel };
  readonly database: {
    /** Undefined until the embedded PostgreSQL is up, when DATABASE_URL is unset. */
    readonly url: string | undefined;
    readonly isEmbedded: boolean;
    readonly schema: string;
    readonly poolMax: number;
    readonly embedded: { readonly dataDir: string; readonly port: number };
  };
  readonly queue: {
    readonly backend: QueueBackendKind;
    readonly redisUrl: string | undefined;
    readonly postgresSchema: string;
    readonly redisPrefix: string;
    readonly requestsConcurrency: number;
  };
  readonly shutdownTimeoutMs: number;
  readonly auth: {
    readonly sessionSecret: string;
    readonly sessionIdleMinutes: number;
    /** Cookies carry `Secure` when users reach the service over HTTPS. */
    readonly secureCookies: boolean;
    readonly maxFailures: number;
    readonly lockoutMinutes: number;
    readonly loginRateLimit: number;
    readonly trustProxyHops: number;
  };
  readonly demo: { readonly enabled: boolean; readonly password: string | undefined };
  readonly paths: {
    readonly root: string;
    readonly templates: string;
    readonly publicAssets: string;
  };
  readonly municipality: {
    readonly name: string;
    readonly contactPhone: string;
    readonly contactWebsite: string;
  };
  readonly retention: {
    readonly yearsAfterLeaving: number;
    readonly requestYears: number;
    readonly hour: number;
    readonly batchSize: number;
  };
  readonly redaction: { readonly grounds: readonly string[] };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  readonly requests: {
    readonly firstActionWorkingDays: number;
    readonly decisionWorkingDays: number;
    readonly intakeRateLimit: number;
    readonly downloadLinkDays: number;
    readonly appealPostMarginWorkingDays: number;
    readonly downloadLinkMaxDownloads: number;
    readonly tariff: {
      readonly freePages: number;
      readonly baseFeeKr: number;
      readonly perPageKr: number;
    };
    readonly delegation: string;
    readonly appealCourt: string;
    /** Usernames of the team leads overdue requests go to; empty: every reviewer. */
    readonly escalateTo: readonly string[];
    readonly reminderHour: number;
    readonly firstActionReminderHour: number;
    readonly appealForwardWorkingDays: number;
    readonly viewingPlace: string;
  };
  /** E-legitimation through an OpenID Connect broker; null when not configured. */
  readonly oidc: {
    readonly issuer: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly scopes: string;
    readonly acrValues: string | undefined;
    readonly civicNumberClaim: string;
    readonly allowPupils: boolean;
    readonly redirectUri: string;
  } | null;
}
