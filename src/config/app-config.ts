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

import { TRACING_MODES } from './tracing-mode';
import type { TracingMode } from './tracing-mode';

export const PROCESS_ROLES = ['web', 'worker', 'all'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

/** Four eyes on records requests: off, or a second reviewer approves refusals and redactions. */
export const FOUR_EYES_MODES = ['off', 'refusals-and-redactions'] as const;
export type FourEyesMode = (typeof FOUR_EYES_MODES)[number];

/**
 * The roles at Sektor Lärande that may be the one producing register extracts (GDPR art. 15):
 * those without a school scope (the directory's `reviewer`, `archivist`, `administrator`).
 */
export const REGISTER_EXTRACT_ROLES = ['administrator', 'reviewer', 'archivist'] as const;
export type RegisterExtractRole = (typeof REGISTER_EXTRACT_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The settings that may also be read from a file: `X_FILE=/path` reads X from
 * that file (its trailing line break dropped), for Docker and Kubernetes
 * secrets and systemd credentials. X and X_FILE together are an error.
 * `loadConfig` resolves them (`secret-files.ts`); validation messages never
 * show these settings' values.
 */
export const SECRET_FILE_SETTINGS = [
  'SESSION_SECRET',
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
  'OIDC_CLIENT_SECRET',
  'DEMO_PASSWORD',
] as const satisfies readonly (keyof EnvironmentVariables)[];
export type SecretFileSetting = (typeof SECRET_FILE_SETTINGS)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const REDIS_URL = /^rediss?:\/\/\S+$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** MM-DD with a day every month has (no 29–31: the school year starts on the same day each year). */
const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$/;
/** A range of school years (0–10) such as 1-5, or empty for none. */
const YEAR_RANGE = /^$|^(10|[0-9])-(10|[0-9])$/;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const blankToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable the service reads, with its default. The names of
 * the properties are the names of the variables, so a validation message names
 * exactly what the operator has to fix. Only `loadConfig` builds this object.
 *
 * Each property's JSDoc comment is its line in the README's table of settings
 * (`npm run docs:settings` writes the table; a unit test fails when it is out
 * of date). A `@default` tag describes a default the initializer cannot show.
 * The settings in `SECRET_FILE_SETTINGS` may also come from a file
 * (`SESSION_SECRET_FILE=/run/secrets/session_secret`).
 */
export class EnvironmentVariables {
  /**
   * `development`, `production` or `test`. Production refuses demo data and
   * needs SESSION_SECRET (where HTTP is served) and PUBLIC_BASE_URL.
   */
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: NodeEnvironment = 'development';

  /** Which parts this process runs: `web` serves HTTP, `worker` runs the queue workers, `all` both. */
  @IsIn(PROCESS_ROLES)
  ROLE: ProcessRole = 'all';

  /** The address to listen on (`0.0.0.0` in containers). */
  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  /** The HTTP port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** `fatal` `error` `warn` `info` `debug` `trace` `silent`; logs are JSON lines with a request id. */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /**
   * The address of the operations listener (`/health/live`, `/health/ready`,
   * `/metrics`), which every role runs. Loopback: health checks and
   * Prometheus ask from the same host or container; never publish it.
   */
  @IsString()
  @IsNotEmpty()
  OPS_HOST = '127.0.0.1';

  /**
   * The operations listener's port; `0` turns it off. Processes on one host
   * need a port each (a second one on the same port stops at start).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  OPS_PORT = 9464;

  /**
   * OpenTelemetry tracing (HTTP → job → PostgreSQL): `off`, `otlp` (to
   * `OTEL_EXPORTER_OTLP_ENDPOINT`, default `http://localhost:4318`; protocol
   * `OTEL_EXPORTER_OTLP_PROTOCOL`, service name `OTEL_SERVICE_NAME`, default
   * `iup-records`) or `console` (one JSON line per span in the log).
   */
  @IsIn(TRACING_MODES)
  TRACING: TracingMode = 'off';

  /**
   * External PostgreSQL (`postgresql://user:pass@host:5432/db`). Unset: an
   * embedded PostgreSQL under DATA_DIR is started.
   */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string = undefined;

  /** The PostgreSQL schema that holds the service's tables; created at start. */
  @Matches(SQL_IDENTIFIER, { message: 'must be a lower-case SQL identifier' })
  DATABASE_SCHEMA = 'iup';

  /** Database connections per process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_MAX = 10;

  /**
   * Whether the statements a process repeats go as named (prepared) statements, parsed and
   * planned once per connection. `false` behind a pooler that moves a session's statements
   * between server connections (PgBouncer in transaction mode before 1.21).
   */
  @IsIn(['true', 'false'])
  DATABASE_PREPARED_STATEMENTS: 'true' | 'false' = 'true';

  /**
   * Where the embedded PostgreSQL keeps its cluster and password (and other
   * local state); `npm run backup` copies it.
   */
  @IsString()
  @IsNotEmpty()
  DATA_DIR = '.data';

  /** The embedded PostgreSQL's port (loopback only). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 54329;

  /** Redis for the queues (`redis://host:6379`). Unset: the queues run on PostgreSQL. */
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
   * at once, on either queue backend (on PostgreSQL the queue keeps a day of
   * completed jobs rather than a count: BullMQ's count-based clean-up
   * deadlocked with more than one at once). On a small machine
   * shared with the web process, 1 keeps intake fast during a burst; a worker
   * on cores of its own drains faster with more (bench/results: intake, queues).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(32)
  REQUESTS_WORKER_CONCURRENCY = 1;

  /**
   * Node's heap settings for the process each directory import runs in, space-separated: its heap
   * is sized for the import alone (semi-spaces of 8 MB, and an old generation let grow 30 % over
   * what it holds after a collection, so a 100,000-pupil file stays under 500 MB; bench/results:
   * directory-import). Only --max-semi-space-size, --max-old-space-size and --heap-growing-percent
   * (each =N); empty: Node's defaults.
   */
  @Matches(
    /^\s*(?:--(?:max-semi-space-size|max-old-space-size|heap-growing-percent)=\d{1,6}(?:\s+|$))*$/,
    {
      message:
        'must be --max-semi-space-size=N, --max-old-space-size=N or --heap-growing-percent=N, separated by spaces',
    },
  )
  DIRECTORY_IMPORT_NODE_ARGS = '--max-semi-space-size=8 --heap-growing-percent=30';

  /** How long a stopping process waits for in-flight work before it gives up. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  SHUTDOWN_TIMEOUT_MS = 30000;

  /**
   * Signs session cookies; at least 32 characters. Required in production
   * where the process serves HTTP (ROLE `web` or `all`); a worker needs none.
   * Unset elsewhere: a random one per start (sessions end at a restart).
   */
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

  /**
   * Wrong passwords in a row for one account from one client address before
   * the account is locked from that address (only): someone elsewhere cannot
   * lock a person out by guessing.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /**
   * How long the first lock lasts (after LOGIN_MAX_FAILURES or
   * LOGIN_ACCOUNT_MAX_FAILURES wrong passwords); each further lock of the
   * same kind lasts twice as long as the one before, at most a day.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCKOUT_MINUTES = 15;

  /**
   * Wrong passwords for one account from all addresses together, since its
   * last login, before it is locked everywhere except from addresses it has
   * signed in from before (LOGIN_KNOWN_ADDRESS_DAYS): the slow back-off
   * against guessing from many addresses, which cannot keep the person out
   * where they usually sign in.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_ACCOUNT_MAX_FAILURES = 30;

  /**
   * Days an address an account signed in from counts as the person's own: it
   * passes the per-account back-off and the per-address limits (a school's
   * shared address is not shut for a person because others guessed there).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(400)
  LOGIN_KNOWN_ADDRESS_DAYS = 90;

  /** Failed login attempts one client address may make per 15 minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_RATE_LIMIT = 50;

  /**
   * Different usernames one client address may get wrong within an hour
   * before it is refused (password spraying: one password tried on many
   * accounts).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  LOGIN_ADDRESS_MAX_USERNAMES = 10;

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

  /** The service's client id at the OpenID Connect broker; needed with OIDC_ISSUER. */
  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'must be set when OIDC_ISSUER is set' })
  OIDC_CLIENT_ID?: string = undefined;

  /** The client secret at the OpenID Connect broker; needed with OIDC_ISSUER. */
  @Transform(blankToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'must be set when OIDC_ISSUER is set' })
  OIDC_CLIENT_SECRET?: string = undefined;

  /** The scopes asked of the OpenID Connect broker, separated by spaces. */
  @Matches(/^[\w:. -]+$/, { message: 'must be space-separated scopes' })
  OIDC_SCOPES = 'openid';

  /** Asked of the broker as `acr_values`, e.g. `urn:grn:authn:se:bankid:same-device` (Idura). */
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

  /**
   * Days a guardian's self-entered contact details and photo are kept after
   * their last child left the municipality's schools (the nightly disposal
   * deletes them; an e-mail tells the guardian beforehand where an address is
   * known, and the days count from that e-mail if it went later).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  GUARDIAN_CONTACT_GRACE_DAYS = 30;

  /**
   * Days a staff account without a current duty is kept, deactivated, before
   * the nightly disposal deletes it (it is deactivated the night the last duty ends).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  STAFF_ACCOUNT_DELETE_DAYS = 90;

  /**
   * Days a register extract's files (the PDF and the JSON file) are kept after it was sent:
   * the person fetches it meanwhile (each link lasts DOWNLOAD_LINK_DAYS). Then the nightly
   * disposal deletes the files; only the request's dates stay, and the person may ask again.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  REGISTER_EXTRACT_KEEP_DAYS = 30;

  /**
   * The day the school year (and its autumn term) starts, as MM-DD (day 1–28): the principal's
   * follow-up of the law's cadence (skollagen 10 kap. 12–13 §§) asks for an established plan
   * within each school year and a development talk within each term.
   */
  @Matches(MONTH_DAY, { message: 'must be a day of the year as MM-DD, day 1-28 (e.g. 07-01)' })
  CADENCE_SCHOOL_YEAR_START = '07-01';

  /** The day the spring term starts, as MM-DD (day 1–28); the autumn term ends the day before. */
  @Matches(MONTH_DAY, { message: 'must be a day of the year as MM-DD, day 1-28 (e.g. 01-01)' })
  CADENCE_SPRING_TERM_START = '01-01';

  /**
   * The school years of grundskola whose pupils must have a written plan (IUP) established each
   * school year (skollagen 10 kap. 13 §), as from-to; empty: none.
   */
  @Matches(YEAR_RANGE, {
    message: 'must be a range of school years as from-to (e.g. 1-5), or empty',
  })
  CADENCE_PLAN_YEARS_GRUNDSKOLA = '1-5';

  /** The same for anpassad grundskola (skollagen 11 kap. 16 §). */
  @Matches(YEAR_RANGE, {
    message: 'must be a range of school years as from-to (e.g. 1-9), or empty',
  })
  CADENCE_PLAN_YEARS_ANPASSAD_GRUNDSKOLA = '1-9';

  /**
   * Days a development talk's published time and its booking are kept after the talk: then the
   * nightly disposal deletes them (the plan keeps the talk's date).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  TALK_KEEP_DAYS = 30;

  /**
   * The hour (Swedish time, 0–23) from which the reminder e-mail goes the day before a booked
   * development talk; a booking made later that day is reminded within the hour.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  TALK_REMINDER_HOUR = 15;

  /** How to reach the data protection officer (dataskyddsombud), shown on the information page. */
  @IsString()
  @IsNotEmpty()
  DATA_PROTECTION_OFFICER =
    'Dataskyddsombudet, Lerums kommun, dataskyddsombud@lerum.se, 0302-52 10 00';

  /** How guardians reach Sektor Lärande, shown on the information page. */
  @IsString()
  @IsNotEmpty()
  CONTACT_PHONE = '0302-52 10 00';

  /** Where guardians read more, shown on the information page. */
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

  /**
   * Four eyes on decisions: `off`, or `refusals-and-redactions`: every record
   * refused or released with parts struck needs the approval of a second
   * reviewer (not the one who decided) before the request can be completed.
   * The approver and the time are in the decision letter's record and the audit log.
   */
  @IsIn(FOUR_EYES_MODES)
  REQUEST_FOUR_EYES: FourEyesMode = 'off';

  /**
   * The role at Sektor Lärande that finds persons, produces register extracts (GDPR art. 15)
   * and sends them: `administrator`, `reviewer` or `archivist`. The extract's download link
   * follows DOWNLOAD_LINK_DAYS and DOWNLOAD_LINK_MAX_DOWNLOADS.
   */
  @IsIn(REGISTER_EXTRACT_ROLES)
  REGISTER_EXTRACT_ROLE: RegisterExtractRole = 'administrator';

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

  /**
   * Download links a requester may make with the receipt code per delivery
   * (the decision, or copies released ahead of it). Each new link ends the one
   * before; past the cap the status page asks them to contact Sektor Lärande.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DOWNLOAD_LINK_MAX_PER_REQUEST = 3;

  /** Paper copies: pages free of charge (the tariff goes on in COPY_FEE_BASE_KR and COPY_FEE_PER_PAGE_KR). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  COPY_FEE_FREE_PAGES = 9;

  /** Paper copies: the fee (kr) for the first page after the free ones. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  COPY_FEE_BASE_KR = 50;

  /** Paper copies: the fee (kr) for each page after that. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  COPY_FEE_PER_PAGE_KR = 2;

  /**
   * The delegation a reviewer's decision is made under, as the decision letter states it.
   * @default the nämnd's delegation, point 1.5
   */
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

  /**
   * The address citizens and staff use to reach the service (links in letters
   * and e-mails, the e-legitimation callback; `https:` makes cookies Secure).
   * Required in production; elsewhere it follows PORT.
   * @default `http://localhost:<PORT>`; none in production
   */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL?: string = undefined;
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
  /** The operations listener (health and metrics); port 0: none. */
  readonly ops: { readonly host: string; readonly port: number };
  readonly tracing: { readonly mode: TracingMode };
  readonly database: {
    /** Undefined until the embedded PostgreSQL is up, when DATABASE_URL is unset. */
    readonly url: string | undefined;
    readonly isEmbedded: boolean;
    readonly schema: string;
    readonly poolMax: number;
    readonly preparedStatements: boolean;
    readonly embedded: { readonly dataDir: string; readonly port: number };
  };
  readonly queue: {
    readonly backend: QueueBackendKind;
    readonly redisUrl: string | undefined;
    readonly postgresSchema: string;
    readonly redisPrefix: string;
    readonly requestsConcurrency: number;
  };
  readonly directoryImport: {
    /** Node's arguments for the process each import runs in. */
    readonly nodeArgs: readonly string[];
  };
  readonly shutdownTimeoutMs: number;
  readonly auth: {
    readonly sessionSecret: string;
    readonly sessionIdleMinutes: number;
    /** Cookies carry `Secure` when users reach the service over HTTPS. */
    readonly secureCookies: boolean;
    readonly maxFailures: number;
    readonly lockoutMinutes: number;
    readonly accountMaxFailures: number;
    readonly knownAddressDays: number;
    readonly loginRateLimit: number;
    readonly addressMaxUsernames: number;
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
    /** The data protection officer's contact, as the information page shows it. */
    readonly dataProtectionOfficer: string;
  };
  readonly retention: {
    readonly yearsAfterLeaving: number;
    readonly requestYears: number;
    readonly hour: number;
    readonly batchSize: number;
    /** Days a guardian's own contact details and photo stay after their last child left. */
    readonly guardianContactGraceDays: number;
    /** Days a staff account without a duty stays deactivated before it is deleted. */
    readonly staffAccountDeleteDays: number;
    /** Days a sent register extract's files stay before they are deleted. */
    readonly registerExtractKeepDays: number;
    /** Days a talk time and its booking stay after the talk. */
    readonly talkKeepDays: number;
  };
  /** Development talks booked by guardians (src/talks). */
  readonly talks: { readonly reminderHour: number };
  readonly redaction: { readonly grounds: readonly string[] };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  /** Register extracts (GDPR art. 15): the role that produces and sends them. */
  readonly registerExtract: { readonly role: RegisterExtractRole };
  /** The law's cadence the principal follows up: when school years and terms start, which years need a plan. */
  readonly cadence: {
    readonly schoolYearStart: { readonly month: number; readonly day: number };
    readonly springTermStart: { readonly month: number; readonly day: number };
    /** Null: that school form's pupils need no plan each school year. */
    readonly planYears: {
      readonly grundskola: { readonly from: number; readonly to: number } | null;
      readonly anpassadGrundskola: { readonly from: number; readonly to: number } | null;
    };
  };
  readonly requests: {
    readonly firstActionWorkingDays: number;
    readonly decisionWorkingDays: number;
    readonly intakeRateLimit: number;
    readonly downloadLinkDays: number;
    readonly appealPostMarginWorkingDays: number;
    readonly fourEyes: FourEyesMode;
    readonly downloadLinkMaxDownloads: number;
    readonly downloadLinkMaxPerRequest: number;
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
