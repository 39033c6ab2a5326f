import { randomUUID } from 'node:crypto';

import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import sharp from 'sharp';
import request from 'supertest';
import type { Response, Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

import { DEMO_ACCOUNTS, DemoUsername } from '../../src/demo/demo-directory';
import { DEMO_RECEIPT_CODES } from '../../src/demo/demo-requests';
import { stockholmToday } from '../../src/common/stockholm';
import { addWorkingDays } from '../../src/requests/working-days';
import { SYSTEM_QUEUE } from '../../src/queue/queue.jobs';
import { QUEUE_BOARD_API } from '../../src/web/queue-board/queue-board.adapter';
import { binaryBody } from '../support/binary-body';
import {
  csrfFrom,
  DEMO_PASSWORD,
  DemoWorld,
  eventually,
  startDemoWorld,
} from '../support/demo-world';
import { fileRequestFor } from '../support/requests';
import { registeredRoutes, routeKey } from '../support/routes';
import { tally } from '../support/tally';
import { testDatabaseUrl } from '../support/test-env';
import { RECEIPT_CODE_HEADER } from '../support/receipt-status';

/**
 * Every route the app answers × every role × own/other data, generated from
 * Express's own route table: a route without an entry here fails the suite.
 *
 * Each cell is one request. Allowed cells get the route's success status;
 * refused ones 404 for anything about pupil data or a request that exists
 * (a refusal never tells that something is there), 401 for anonymous API
 * calls and a redirect to the login page for anonymous page reads; 403 only
 * where the caller may already read what they may not change. Every refused
 * cell is also searched for the other pupil's or requester's details (body,
 * PDFs as latin1, Location) and must leave no trace: no audit entry under its
 * request id (but the security event of the refusal, `security.access.refused`),
 * and the tables a write could touch unchanged.
 *
 * Cells run in three phases, so writes never spoil later cells: all reads;
 * then every refused write; then the allowed writes, in lanes side by side,
 * each lane in the order listed (a request's review runs claim → … → appeal
 * outcome, once per reviewer and channel, each on a request of its own).
 * Every allowed write, and every allowed read of pupil data, a plan, a record
 * or a request, must have left its audit entry.
 */

type Role = DemoUsername | 'anonymous';
const ROLES: readonly Role[] = [
  'anonymous',
  'elev',
  'vardnadshavare',
  'mentor',
  'larare',
  'rektor',
  'granskare',
  'teamledare',
  'arkivarie',
  'admin',
];
const REVIEWERS: readonly Role[] = ['granskare', 'teamledare'];
const STAFF_WHO_FORWARD: readonly Role[] = ['mentor', 'larare', 'rektor'];

interface Cell {
  readonly status: number;
  readonly location?: RegExp;
}

const OK: Cell = { status: 200 };
const CREATED: Cell = { status: 201 };
const NO_CONTENT: Cell = { status: 204 };
const NOT_FOUND: Cell = { status: 404 };
const CONFLICT: Cell = { status: 409 };
const FORBIDDEN: Cell = { status: 403 };
const API_LOGIN: Cell = { status: 401 };
const PAGE_LOGIN: Cell = { status: 303, location: /^\/logga-in\?nasta=/ };
/** A page form posted without a session user: the error page, 401 (never a redirect that loses the form). */
const PAGE_POST_LOGIN: Cell = { status: 401 };
const redirect = (location: RegExp): Cell => ({ status: 303, location });

type Kind = 'api' | 'page';

/**
 * The usual cell: anonymous → login, the allowed roles → `success`, roles
 * that may read but not change → 403, everybody else → 404.
 */
function cell(
  kind: Kind,
  method: string,
  role: Role,
  allowed: readonly Role[],
  success: Cell,
  readers: readonly Role[] = [],
): Cell {
  if (role === 'anonymous') {
    return kind === 'api' ? API_LOGIN : method === 'GET' ? PAGE_LOGIN : PAGE_POST_LOGIN;
  }
  if (allowed.includes(role)) return success;
  return readers.includes(role) ? FORBIDDEN : NOT_FOUND;
}

/** What one cell sent back, whatever the content type. */
interface Sent {
  readonly status: number;
  readonly location: string;
  readonly requestId: string;
  readonly bytes: Buffer;
}

interface Caller {
  readonly role: Role;
  readonly agent: TestAgent;
  /** The CSRF token of the caller's session (anonymous callers have a session too). */
  readonly csrf: string;
}

async function sent(test: Test): Promise<Sent> {
  const response: Response = await binaryBody(test);
  const body: unknown = response.body;
  return {
    status: response.status,
    location: String(response.headers.location ?? ''),
    requestId: String(response.headers['x-request-id'] ?? ''),
    bytes: Buffer.isBuffer(body) ? body : Buffer.from(response.text ?? ''),
  };
}

type Method = 'get' | 'post' | 'put';

function api(caller: Caller, method: Method, path: string, body?: object): Promise<Sent> {
  const test = caller.agent[method](path).set('Accept', 'application/json');
  return sent(body === undefined ? test : test.send(body));
}

function page(
  caller: Caller,
  method: Method,
  path: string,
  form?: Record<string, string>,
): Promise<Sent> {
  const test = caller.agent[method](path).set('Accept', 'text/html');
  if (method === 'get') return sent(test);
  return sent(
    test
      .set('X-CSRF-Token', caller.csrf)
      .type('form')
      .send(form ?? {}),
  );
}

/** A page form with a file (multipart): the token in the header, since the body is read after the check. */
function upload(
  caller: Caller,
  path: string,
  field: string,
  file: Buffer,
  name: string,
): Promise<Sent> {
  return sent(
    caller.agent
      .post(path)
      .set('Accept', 'text/html')
      .set('X-CSRF-Token', caller.csrf)
      .attach(field, file, { filename: name, contentType: 'image/jpeg' }),
  );
}

/** The receipt code of a cell: the delivered request's (own), or one that names nothing (other). */
function codeFor(target: string, fx: Fixtures): string {
  return isOwn(target) ? fx.delivered.code : 'ZZZZ-ZZZZ-ZZZZ';
}

/** An API call with a receipt code, which travels in its header (never in the URL). */
function withReceiptCode(
  caller: Caller,
  method: Method,
  path: string,
  code: string,
  body?: object,
): Promise<Sent> {
  const test = caller.agent[method](path)
    .set('Accept', 'application/json')
    .set(RECEIPT_CODE_HEADER, code);
  return sent(body === undefined ? test : test.send(body));
}

/** Opens the status page of `code` in the caller's session, as the requester's form does. */
async function openStatus(caller: Caller, code: string): Promise<void> {
  const opened = await page(caller, 'post', '/begaran/status', { kod: code });
  if (opened.status !== 303) throw new Error(`opening the status page answered ${opened.status}`);
}

/** Ids and texts the cells need, found or made once before the matrix runs. */
interface Fixtures {
  readonly person: Record<string, string>;
  readonly group: Record<string, string>;
  readonly unit: { north: string; south: string };
  readonly plan: {
    /** Pupil 4-1's plan of this year (a draft), and last year's with versions 1 and 2. */
    readonly own: string;
    readonly ownEstablished: string;
    /** Pupil 8-1's plan, written by 8A's mentor: version 1 established, the next draft open. */
    readonly other: string;
  };
  readonly record: { own: string; other: string; ownNumber: string; otherNumber: string };
  /** A decided electronic request, delivered: its receipt code, a download token and its documents. */
  readonly delivered: { id: string; code: string; token: string; documents: string[] };
  /** Another decided request with documents (paper): what must never come through the first's link. */
  readonly foreign: { id: string; document: string; item: string };
  /** Requests each reviewer takes through every step, per channel. */
  readonly lifecycle: Record<string, string>;
  readonly importId: string;
  readonly accountId: string;
  readonly holdId: string;
  readonly photo: Buffer;
  /** A job that failed on the system queue, for the queue view's job routes and its retry. */
  readonly failedJob: string;
  /**
   * Register extracts: the shared guardian's, produced and sent, with a download link
   * (`token`); another guardian's, produced and waiting to be sent; pupil 8-1's, asked for.
   */
  readonly extract: { sent: string; token: string; ready: string; requested: string };
  /** Free talk times: 4A's to book (`own`) and to withdraw (`withdraw`), and one of 8A's. */
  readonly talkSlot: { own: string; withdraw: string; other: string };
}

interface Spec {
  /** `METHOD /path` exactly as Express has it. */
  readonly route: string;
  /** What distinguishes entries of one route (a form section, an action). */
  readonly variant?: string;
  /** The data the cell is about; secrets are looked up by these names. */
  readonly targets?: readonly string[];
  /** A state-changing route that actually changes something (run refused first, allowed last). */
  readonly writes?: boolean;
  /** Signs in a fresh session for the cell (the route ends it). */
  readonly fresh?: boolean;
  /** Runs after every other allowed write (the route ends the caller's session). */
  readonly last?: boolean;
  /**
   * Allowed writes of one lane run in the order listed, lanes side by side
   * (`perRole`: a lane for each allowed role, each on fixtures of its own).
   * Without a lane an entry is a lane of its own.
   */
  readonly lane?: { readonly name: string; readonly perRole?: boolean };
  /** A read of a pupil's data, a plan, a record or a request: every allowed one is audited. */
  readonly auditedRead?: boolean;
  /** An allowed write that is not audited, with the reason. */
  readonly unaudited?: string;
  readonly send: (caller: Caller, target: string, fx: Fixtures) => Promise<Sent>;
  readonly expect: (role: Role, target: string) => Cell;
}

const PLAN_READERS: readonly Role[] = ['elev', 'vardnadshavare', 'mentor', 'rektor'];
/** The teacher reads the subjects they teach in a plan, so they are told 403 on the rest. */
const PLAN_READERS_WITH_TEACHER: readonly Role[] = [...PLAN_READERS, 'larare'];
/** Who is told 403 (may read the plan, may not write this part); the mentor's own steps answer 404. */
function readersTold403(part: string): readonly Role[] {
  return /establish|drafts|faststall|nytt-utkast/.test(part) ? [] : PLAN_READERS_WITH_TEACHER;
}
const PROFILE_READERS: Readonly<Record<string, readonly Role[]>> = {
  'pupil:4-1': ['elev', 'vardnadshavare', 'mentor', 'larare', 'rektor', 'admin'],
  'pupil:5-1': ['larare', 'rektor', 'admin'],
  'pupil:7-1': ['vardnadshavare', 'admin'],
  'pupil:8-1': ['admin'],
};
const CLASS_LIST_READERS: readonly Role[] = ['vardnadshavare', 'mentor', 'larare', 'rektor'];

/** A well-formed id that names nothing. */
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const today = (): string => stockholmToday(new Date());

/** One connection to the matrix's own schema for every look-up (a connection per query cost seconds). */
let db: Client;
async function sql(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await db.query(text, params)).rows as Record<string, unknown>[];
}

const isOwn = (target: string): boolean => target.endsWith(':own');

/** Public routes: the same answer for everyone (no account needed, no pupil data). */
function everyone(success: Cell): (role: Role, target: string) => Cell {
  return () => success;
}

async function revisionOf(planId: string): Promise<number> {
  const [row] = await sql('select revision from plan where id = $1', [planId]);
  return Number(row?.revision);
}

/** The first record item of a request not yet decided, with its version. */
async function openItem(requestId: string): Promise<{ id: string; version: number }> {
  const [row] = await sql(
    `select id, version from records_request_item
      where request_id = $1 and record_id is not null and decision is null order by id limit 1`,
    [requestId],
  );
  return { id: String(row?.id), version: Number(row?.version) };
}

async function anyItem(requestId: string): Promise<string> {
  const [row] = await sql(
    'select id from records_request_item where request_id = $1 and record_id is not null order by id limit 1',
    [requestId],
  );
  return String(row?.id);
}

async function latestAppeal(requestId: string): Promise<string> {
  const [row] = await sql(
    'select id from records_request_appeal where request_id = $1 order by created_at desc limit 1',
    [requestId],
  );
  return row ? String(row.id) : NO_SUCH_ID;
}

async function firstDocument(requestId: string): Promise<string> {
  const [row] = await sql(
    'select id from records_request_document where request_id = $1 order by id limit 1',
    [requestId],
  );
  return row ? String(row.id) : NO_SUCH_ID;
}

/**
 * The request a reviewer-route cell acts on: each reviewer's own request per
 * channel for their allowed steps; refused callers try the first reviewer's
 * (the refused phase runs before any step, so they meet it as it was).
 */
function lifecycleOf(fx: Fixtures, role: Role, channel: Kind): string {
  const own = fx.lifecycle[`${channel}:${role}`];
  return own ?? fx.lifecycle[`${channel}:granskare`];
}

/** Reviewer-only API routes on a request, in the order a request is handled. */
function reviewApi(
  route: string,
  success: Cell,
  send: (caller: Caller, requestId: string) => Promise<Sent>,
): Spec {
  return {
    route,
    targets: ['request:lifecycle'],
    lane: { name: 'review-api', perRole: true },
    send: (caller, _target, fx) => send(caller, lifecycleOf(fx, caller.role, 'api')),
    expect: (role) => cell('api', route.split(' ')[0], role, REVIEWERS, success),
  };
}

/** The same on the back-office pages (`/handlaggning/begaran/:id/:action`): always back to the request. */
function reviewPage(
  route: string,
  variant: string,
  send: (caller: Caller, requestId: string) => Promise<Sent>,
  success: Cell = redirect(/^\/handlaggning\/begaran\/[0-9a-f-]+$/),
): Spec {
  return {
    route,
    variant,
    targets: ['request:lifecycle'],
    lane: { name: 'review-page', perRole: true },
    send: (caller, _target, fx) => send(caller, lifecycleOf(fx, caller.role, 'page')),
    expect: (role) => cell('page', route.split(' ')[0], role, REVIEWERS, success),
  };
}

const REVIEW_ACTIONS: readonly {
  action: string;
  form: () => Record<string, string> | Promise<Record<string, string>>;
  /** Why an allowed call leaves no audit entry (it is refused after the access check). */
  unaudited?: string;
}[] = [
  { action: 'ta', form: () => ({}) },
  {
    action: 'tilldela',
    form: async () => {
      const [row] = await sql("select id from account where username = 'teamledare'");
      return { accountId: String(row?.id) };
    },
  },
  { action: 'anteckning', form: () => ({ text: 'Kontrollera med mentorn.' }) },
  { action: 'fraga', form: () => ({ question: 'Gäller det även förra läsåret?' }) },
  { action: 'svar', form: () => ({ summary: 'Ja, båda läsåren.' }) },
  // Refused (the request has records), back to the request with why.
  {
    action: 'avsluta',
    form: () => ({ closure: 'no_record' }),
    unaudited: 'a request with records is not closed: nothing happens to audit',
  },
  // Refused (nothing released in full yet), back to the request with why.
  {
    action: 'utlamna-del',
    form: () => ({}),
    unaudited: 'nothing is released in full yet: nothing goes out, nothing happens to audit',
  },
  // Refused (four eyes is off in this suite), back to the request with why.
  {
    action: 'godkann-alla',
    form: () => ({}),
    unaudited: 'REQUEST_FOUR_EYES is off: nothing is approved, nothing happens to audit',
  },
  {
    action: 'forlang',
    form: () => ({
      decisionDue: addWorkingDays(today(), 12),
      notice: 'Begäran omfattar många planer som var och en måste prövas.',
    }),
  },
];

/** Page actions after the records are decided, in order (a viewing is booked once decided). */
const REVIEW_ACTIONS_AFTER: typeof REVIEW_ACTIONS = [
  // From the confirmation page (the request page's button only shows the letter first).
  { action: 'klar', form: () => ({ bekraftat: 'ja' }) },
  {
    action: 'visning',
    form: () => ({ date: addWorkingDays(today(), 2), time: '10:00', place: 'Stadshuset' }),
  },
  { action: 'utlamna', form: () => ({}) },
  { action: 'overklagande', form: () => ({ receivedOn: today(), note: 'Inkom per brev.' }) },
];

/** The queue view's page: bull-board's one page, which each of these paths gives. */
const QUEUE_BOARD_PAGES = [
  '',
  '/metrics-history',
  '/job-schedulers',
  '/queue/:queueName',
  '/queue/:queueName/:jobId',
];

/**
 * The queue view's routes for administrators: the page (others: the login page
 * or 404), its API (401 or 404), and running failed jobs again, in that order
 * (one job, then every failed one). Generated from the routes the adapter
 * serves; the coverage test below holds them to what Express answers.
 */
function queueBoardSpecs(): Spec[] {
  const concrete = (path: string, fx: Fixtures): string =>
    `/admin/koer${path}`
      .replace(':queueName', SYSTEM_QUEUE)
      .replace(':jobId', encodeURIComponent(fx.failedJob))
      .replace(':queueStatus', 'failed');
  const pages: Spec[] = QUEUE_BOARD_PAGES.map((path) => ({
    route: `GET /admin/koer${path}`,
    send: (c, _t, fx) => page(c, 'get', concrete(path, fx)),
    expect: (role) => cell('page', 'GET', role, ['admin'], OK),
  }));
  // The single job's retry before the retry of all failed jobs (which takes that job too).
  const retryAllLast = (entry: string): number => Number(entry.includes('retry/:queueStatus'));
  const apiRoutes: Spec[] = [...QUEUE_BOARD_API]
    .sort((a, b) => retryAllLast(a) - retryAllLast(b))
    .map((entry) => {
      const [method = 'get', path = ''] = entry.split(' ');
      const writes = method !== 'get';
      const success = writes && path.includes(':jobId') ? NO_CONTENT : OK;
      return {
        route: `${method.toUpperCase()} /admin/koer${path}`,
        ...(writes ? { writes: true, lane: { name: 'queue-board' } } : {}),
        send: (c: Caller, _t: string, fx: Fixtures) => api(c, method as Method, concrete(path, fx)),
        expect: (role: Role) => cell('api', method.toUpperCase(), role, ['admin'], success),
      };
    });
  return [...pages, ...apiRoutes];
}

const SPECS: readonly Spec[] = [
  // — Public pages and endpoints: no account, no pupil data. —
  {
    route: 'GET /',
    send: (c) => page(c, 'get', '/'),
    expect: (role) => (role === 'vardnadshavare' ? redirect(/^\/mina-barn$/) : OK),
  },
  { route: 'GET /information', send: (c) => page(c, 'get', '/information'), expect: everyone(OK) },
  {
    route: 'GET /tillganglighet',
    send: (c) => page(c, 'get', '/tillganglighet'),
    expect: everyone(OK),
  },
  {
    // The icon browsers ask for whatever the page links: moved for good to the SVG.
    route: 'GET /favicon.ico',
    send: (c) => page(c, 'get', '/favicon.ico'),
    expect: everyone({ status: 301, location: /^\/static\/favicon\.svg$/ }),
  },
  { route: 'GET /health/live', send: (c) => api(c, 'get', '/health/live'), expect: everyone(OK) },
  { route: 'GET /health/ready', send: (c) => api(c, 'get', '/health/ready'), expect: everyone(OK) },
  {
    route: 'GET /logga-in',
    send: (c) => page(c, 'get', '/logga-in'),
    expect: (role) => (role === 'anonymous' ? OK : redirect(/^\/$/)),
  },
  {
    // E-legitimation is off in the tests: the route answers as if it were not there.
    route: 'GET /logga-in/bankid',
    send: (c) => page(c, 'get', '/logga-in/bankid'),
    expect: everyone(NOT_FOUND),
  },
  {
    route: 'GET /logga-in/bankid/callback',
    send: (c) => page(c, 'get', '/logga-in/bankid/callback?code=x&state=y'),
    expect: everyone(NOT_FOUND),
  },
  { route: 'GET /begaran', send: (c) => page(c, 'get', '/begaran'), expect: everyone(OK) },
  {
    route: 'GET /begaran/kvitto',
    send: (c) => page(c, 'get', '/begaran/kvitto'),
    expect: everyone(redirect(/^\/begaran\/status$/)),
  },
  {
    // The code is posted, never in the URL: the page shows the request the session opened (own),
    // and without one the empty form (other: a session that never typed the code).
    route: 'GET /begaran/status',
    targets: ['code:own', 'code:other'],
    fresh: true,
    send: async (c, target, fx) => {
      if (isOwn(target)) await openStatus(c, fx.delivered.code);
      return page(c, 'get', '/begaran/status');
    },
    expect: () => OK,
  },
  {
    route: 'GET /api/v1/records-requests/status',
    targets: ['code:own', 'code:other'],
    send: (c, target, fx) =>
      withReceiptCode(c, 'get', '/api/v1/records-requests/status', codeFor(target, fx)),
    expect: (_role, target) => (isOwn(target) ? OK : NOT_FOUND),
  },
  {
    // The token is the credential: whoever holds it sees the copies; a guessed one sees nothing.
    route: 'GET /begaran/hamta/:token',
    targets: ['token:own', 'token:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/begaran/hamta/${isOwn(target) ? fx.delivered.token : 'A'.repeat(43)}`),
    expect: (_role, target) => (isOwn(target) ? OK : { status: 410 }),
  },
  {
    route: 'GET /begaran/hamta/:token/:documentId',
    auditedRead: true,
    targets: ['token:own', 'token:other', 'document:foreign'],
    send: (c, target, fx) =>
      page(
        c,
        'get',
        target === 'token:own'
          ? `/begaran/hamta/${fx.delivered.token}/${fx.delivered.documents[0]}`
          : target === 'token:other'
            ? `/begaran/hamta/${'A'.repeat(43)}/${fx.delivered.documents[0]}`
            : `/begaran/hamta/${fx.delivered.token}/${fx.foreign.document}`,
      ),
    expect: (_role, target) =>
      target === 'token:own' ? OK : target === 'token:other' ? { status: 410 } : NOT_FOUND,
  },

  // — Who is signed in. —
  {
    route: 'GET /api/v1/me',
    targets: ['pupil:8-1'],
    send: (c) => api(c, 'get', '/api/v1/me'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : OK),
  },

  // — Pupils' directory cards. —
  ...(['GET /api/v1/pupils/:pupilId', 'GET /elever/:pupilId'] as const).map((route): Spec => ({
    route,
    auditedRead: true,
    targets: [...Object.keys(PROFILE_READERS), 'pupil:missing'],
    send: (c, target, fx) => {
      const id = fx.person[target] ?? NO_SUCH_ID;
      return route.includes('/api/')
        ? api(c, 'get', `/api/v1/pupils/${id}`)
        : page(c, 'get', `/elever/${id}`);
    },
    expect: (role, target) =>
      cell(
        route.includes('/api/') ? 'api' : 'page',
        'GET',
        role,
        PROFILE_READERS[target] ?? [],
        OK,
      ),
  })),

  // — Guardians: their children, profile, photo; class lists. —
  {
    route: 'GET /mina-barn',
    targets: ['pupil:8-1'],
    send: (c) => page(c, 'get', '/mina-barn'),
    expect: (role) => cell('page', 'GET', role, ['vardnadshavare'], OK),
  },
  {
    // A guardian asks for their own child's records (OSL 12 kap. 3 §); the form names the child.
    route: 'GET /mina-barn/:pupilId/begaran',
    auditedRead: true,
    targets: ['pupil:own', 'pupil:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/mina-barn/${fx.person[isOwn(target) ? 'pupil:4-1' : 'pupil:8-1']}/begaran`),
    expect: (role, target) =>
      cell('page', 'GET', role, isOwn(target) ? ['vardnadshavare'] : [], OK),
  },
  {
    // Who read the plan (issue 24): the pupil themself and the pupil's guardians, nobody else.
    route: 'GET /elever/:pupilId/vem-har-last-planen',
    auditedRead: true,
    targets: ['pupil:own', 'pupil:other', 'pupil:missing'],
    send: (c, target, fx) =>
      page(
        c,
        'get',
        `/elever/${target === 'pupil:missing' ? NO_SUCH_ID : fx.person[isOwn(target) ? 'pupil:4-1' : 'pupil:8-2']}/vem-har-last-planen`,
      ),
    expect: (role, target) =>
      cell('page', 'GET', role, isOwn(target) ? ['elev', 'vardnadshavare'] : [], OK),
  },
  {
    route: 'GET /profil',
    send: (c) => page(c, 'get', '/profil'),
    expect: (role) => cell('page', 'GET', role, ['vardnadshavare'], OK),
  },
  {
    route: 'GET /profil/bild',
    send: (c) => page(c, 'get', '/profil/bild'),
    expect: (role) => cell('page', 'GET', role, ['vardnadshavare'], OK),
  },
  {
    route: 'GET /klasslista/:groupId',
    targets: ['class:own', 'class:other'],
    send: (c, target, fx) => page(c, 'get', `/klasslista/${fx.group[target]}`),
    expect: (role, target) =>
      cell('page', 'GET', role, isOwn(target) ? CLASS_LIST_READERS : [], OK),
  },
  {
    // A photo is shown only in its own class's list: a guardian of another class is not found there.
    route: 'GET /klasslista/:groupId/bild/:guardianId',
    targets: ['photo:own', 'photo:other', 'photo:foreign'],
    send: (c, target, fx) => {
      const [group, guardian] =
        target === 'photo:own'
          ? [fx.group['class:own'], fx.person['guardian:own']]
          : target === 'photo:other'
            ? [fx.group['class:other'], fx.person['guardian:other']]
            : [fx.group['class:own'], fx.person['guardian:other']];
      return page(c, 'get', `/klasslista/${group}/bild/${guardian}`);
    },
    expect: (role, target) =>
      cell('page', 'GET', role, target === 'photo:own' ? CLASS_LIST_READERS : [], OK),
  },

  // — Plans: reads. —
  {
    route: 'GET /api/v1/pupils/:pupilId/plans',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      api(c, 'get', `/api/v1/pupils/${fx.person[isOwn(target) ? 'pupil:4-1' : 'pupil:8-1']}/plans`),
    expect: (role, target) =>
      cell('api', 'GET', role, isOwn(target) ? PLAN_READERS_WITH_TEACHER : [], OK),
  },
  {
    route: 'GET /api/v1/plans/:planId',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      api(c, 'get', `/api/v1/plans/${isOwn(target) ? fx.plan.own : fx.plan.other}`),
    expect: (role, target) =>
      cell('api', 'GET', role, isOwn(target) ? PLAN_READERS_WITH_TEACHER : [], OK),
  },
  {
    route: 'GET /planer/:planId',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/planer/${isOwn(target) ? fx.plan.own : fx.plan.other}`),
    expect: (role, target) =>
      cell('page', 'GET', role, isOwn(target) ? PLAN_READERS_WITH_TEACHER : [], OK),
  },
  {
    // Establishing's confirmation: the mentor's own draft as it would be registered.
    route: 'GET /planer/:planId/faststall',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/planer/${isOwn(target) ? fx.plan.own : fx.plan.other}/faststall`),
    expect: (role, target) => cell('page', 'GET', role, isOwn(target) ? ['mentor'] : [], OK),
  },
  {
    route: 'GET /api/v1/plans/:planId/versions/:version',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      api(
        c,
        'get',
        `/api/v1/plans/${isOwn(target) ? fx.plan.ownEstablished : fx.plan.other}/versions/1`,
      ),
    expect: (role, target) => cell('api', 'GET', role, isOwn(target) ? PLAN_READERS : [], OK),
  },
  {
    route: 'GET /planer/:planId/version/:version',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/planer/${isOwn(target) ? fx.plan.ownEstablished : fx.plan.other}/version/1`),
    expect: (role, target) => cell('page', 'GET', role, isOwn(target) ? PLAN_READERS : [], OK),
  },
  {
    // The whole plan as a PDF: not for a teacher, who reads only their subjects.
    route: 'GET /planer/:planId/pdf',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/planer/${isOwn(target) ? fx.plan.own : fx.plan.other}/pdf`),
    expect: (role, target) => cell('page', 'GET', role, isOwn(target) ? PLAN_READERS : [], OK),
  },
  {
    route: 'GET /planer/:planId/version/:version/pdf',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      page(
        c,
        'get',
        `/planer/${isOwn(target) ? fx.plan.ownEstablished : fx.plan.other}/version/1/pdf`,
      ),
    expect: (role, target) => cell('page', 'GET', role, isOwn(target) ? PLAN_READERS : [], OK),
  },
  {
    // The stranger's view: the mentor's own draft as an anonymous requester would most likely get it.
    route: 'GET /planer/:planId/utomstaende',
    auditedRead: true,
    targets: ['plan:own', 'plan:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/planer/${isOwn(target) ? fx.plan.own : fx.plan.other}/utomstaende`),
    expect: (role, target) => cell('page', 'GET', role, isOwn(target) ? ['mentor'] : [], OK),
  },
  {
    // The law's cadence: the unit's pupils without a plan this school year or a talk this term.
    route: 'GET /skolenheter/:unitId/uppfoljning',
    auditedRead: true,
    targets: ['unit:own', 'unit:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/skolenheter/${isOwn(target) ? fx.unit.north : fx.unit.south}/uppfoljning`),
    expect: (role, target) => cell('page', 'GET', role, isOwn(target) ? ['rektor'] : [], OK),
  },
  {
    route: 'GET /skolenheter/:unitId/iup-mall',
    targets: ['unit:own', 'unit:other'],
    send: (c, target, fx) =>
      page(c, 'get', `/skolenheter/${isOwn(target) ? fx.unit.north : fx.unit.south}/iup-mall`),
    expect: (role, target) => cell('page', 'GET', role, isOwn(target) ? ['rektor'] : [], OK),
  },

  // — Staff tools. —
  {
    // Checks a text and keeps nothing: a POST that changes no state.
    route: 'POST /api/v1/content-guard/check',
    send: (c) => api(c, 'post', '/api/v1/content-guard/check', { text: 'Eleven läser bra.' }),
    expect: (role) =>
      cell('api', 'POST', role, ['mentor', 'larare', 'rektor', 'granskare', 'teamledare'], OK),
  },
  {
    route: 'GET /vidarebefordra-begaran',
    send: (c) => page(c, 'get', '/vidarebefordra-begaran'),
    expect: (role) => cell('page', 'GET', role, STAFF_WHO_FORWARD, OK),
  },

  // — Administration. —
  {
    route: 'GET /admin/import',
    send: (c) => page(c, 'get', '/admin/import'),
    expect: (role) => cell('page', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /admin/import/:importId',
    send: (c, _t, fx) => page(c, 'get', `/admin/import/${fx.importId}`),
    expect: (role) => cell('page', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /api/v1/directory/imports/:importId',
    send: (c, _t, fx) => api(c, 'get', `/api/v1/directory/imports/${fx.importId}`),
    expect: (role) => cell('api', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /api/v1/accounts',
    send: (c) => api(c, 'get', '/api/v1/accounts?search=lindqvist'),
    expect: (role) => cell('api', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /admin/konton',
    send: (c) => page(c, 'get', '/admin/konton?sok=a'),
    expect: (role) => cell('page', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /admin/konton/:accountId',
    send: (c, _t, fx) => page(c, 'get', `/admin/konton/${fx.accountId}`),
    expect: (role) => cell('page', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /api/v1/audit/verify',
    send: (c) => api(c, 'get', '/api/v1/audit/verify'),
    expect: (role) => cell('api', 'GET', role, ['admin'], OK),
  },
  // The queue view (bull-board under /admin/koer): its page and its own API, administrators only.
  ...queueBoardSpecs(),

  // — Retention: the archivist. —
  {
    route: 'GET /gallring',
    targets: ['record:own'],
    send: (c) => page(c, 'get', '/gallring'),
    expect: (role) => cell('page', 'GET', role, ['arkivarie'], OK),
  },
  {
    // Disposing's confirmation: what a run now would take.
    route: 'GET /gallring/kor',
    targets: ['record:own'],
    send: (c) => page(c, 'get', '/gallring/kor'),
    expect: (role) => cell('page', 'GET', role, ['arkivarie'], OK),
  },
  {
    route: 'GET /api/v1/retention',
    targets: ['record:own'],
    send: (c) => api(c, 'get', '/api/v1/retention'),
    expect: (role) => cell('api', 'GET', role, ['arkivarie'], OK),
  },

  // — Records for review, and the back office's reads. —
  {
    route: 'GET /api/v1/records/:recordId/review',
    auditedRead: true,
    targets: ['record:own', 'record:other'],
    send: (c, target, fx) =>
      api(c, 'get', `/api/v1/records/${isOwn(target) ? fx.record.own : fx.record.other}/review`),
    expect: (role) => cell('api', 'GET', role, REVIEWERS, OK),
  },
  // The record search: any pupil's records by registration number (a search reads pupil data).
  ...(
    [
      ['GET /api/v1/records/search', 'api', '/api/v1/records/search'],
      ['GET /handlaggning/handlingar', 'page', '/handlaggning/handlingar'],
    ] as const
  ).map(([route, kind, path]): Spec => ({
    route,
    auditedRead: true,
    targets: ['record:own', 'record:other'],
    send: (c, target, fx) => {
      const q = encodeURIComponent(isOwn(target) ? fx.record.ownNumber : fx.record.otherNumber);
      return kind === 'api' ? api(c, 'get', `${path}?q=${q}`) : page(c, 'get', `${path}?q=${q}`);
    },
    expect: (role) => cell(kind, 'GET', role, REVIEWERS, OK),
  })),
  ...(
    [
      ['GET /api/v1/records-requests', '/api/v1/records-requests'],
      ['GET /api/v1/records-requests/post-list', '/api/v1/records-requests/post-list'],
      ['GET /api/v1/records-requests/reports', '/api/v1/records-requests/reports'],
      ['GET /api/v1/records-requests/notifications', '/api/v1/records-requests/notifications'],
    ] as const
  ).map(([route, path]): Spec => ({
    route,
    targets: ['request:delivered'],
    send: (c) => api(c, 'get', path),
    expect: (role) => cell('api', 'GET', role, REVIEWERS, OK),
  })),
  ...(
    [
      ['GET /handlaggning', '/handlaggning'],
      ['GET /handlaggning/post', '/handlaggning/post'],
      ['GET /handlaggning/rapporter', '/handlaggning/rapporter'],
      ['GET /handlaggning/registrera', '/handlaggning/registrera'],
    ] as const
  ).map(([route, path]): Spec => ({
    route,
    targets: ['request:delivered'],
    send: (c) => page(c, 'get', path),
    expect: (role) => cell('page', 'GET', role, REVIEWERS, OK),
  })),
  {
    route: 'GET /api/v1/records-requests/:id',
    auditedRead: true,
    targets: ['request:delivered', 'request:missing'],
    send: (c, target, fx) =>
      api(
        c,
        'get',
        `/api/v1/records-requests/${target === 'request:missing' ? NO_SUCH_ID : fx.delivered.id}`,
      ),
    expect: (role, target) =>
      cell('api', 'GET', role, target === 'request:missing' ? [] : REVIEWERS, OK),
  },
  {
    route: 'GET /handlaggning/begaran/:id',
    auditedRead: true,
    targets: ['request:delivered'],
    send: (c, _t, fx) => page(c, 'get', `/handlaggning/begaran/${fx.delivered.id}`),
    expect: (role) => cell('page', 'GET', role, REVIEWERS, OK),
  },
  {
    // Completing's confirmation: a delivered request has nothing left to complete, so the
    // reviewer is sent back to it with why.
    route: 'GET /handlaggning/begaran/:id/klar',
    targets: ['request:delivered'],
    send: (c, _t, fx) => page(c, 'get', `/handlaggning/begaran/${fx.delivered.id}/klar`),
    expect: (role) =>
      cell('page', 'GET', role, REVIEWERS, redirect(/^\/handlaggning\/begaran\/[0-9a-f-]+$/)),
  },
  {
    route: 'GET /api/v1/records-requests/:id/documents',
    targets: ['request:delivered'],
    send: (c, _t, fx) => api(c, 'get', `/api/v1/records-requests/${fx.delivered.id}/documents`),
    expect: (role) => cell('api', 'GET', role, REVIEWERS, OK),
  },
  ...(
    [
      ['GET /api/v1/records-requests/:id/documents/:documentId', 'api'],
      ['GET /handlaggning/begaran/:id/dokument/:documentId', 'page'],
    ] as const
  ).map(([route, kind]): Spec => ({
    // A document is found only under its own request.
    route,
    auditedRead: true,
    targets: ['document:own', 'document:foreign'],
    send: (c, target, fx) => {
      const document = isOwn(target) ? fx.delivered.documents[0] : fx.foreign.document;
      return kind === 'api'
        ? api(c, 'get', `/api/v1/records-requests/${fx.delivered.id}/documents/${document}`)
        : page(c, 'get', `/handlaggning/begaran/${fx.delivered.id}/dokument/${document}`);
    },
    expect: (role, target) => cell(kind, 'GET', role, isOwn(target) ? REVIEWERS : [], OK),
  })),
  ...(
    [
      ['GET /api/v1/records-requests/:id/items/:itemId/review', 'api'],
      ['GET /handlaggning/begaran/:id/handlingar/:itemId', 'page'],
    ] as const
  ).map(([route, kind]): Spec => ({
    // An item is found only under its own request.
    route,
    auditedRead: true,
    targets: ['item:own', 'item:foreign'],
    send: async (c, target, fx) => {
      const item = isOwn(target) ? await anyItem(fx.delivered.id) : fx.foreign.item;
      return kind === 'api'
        ? api(c, 'get', `/api/v1/records-requests/${fx.delivered.id}/items/${item}/review`)
        : page(c, 'get', `/handlaggning/begaran/${fx.delivered.id}/handlingar/${item}`);
    },
    expect: (role, target) => cell(kind, 'GET', role, isOwn(target) ? REVIEWERS : [], OK),
  })),
  {
    // What other records decided, field by field: found only under the item's own request.
    route: 'GET /api/v1/records-requests/:id/items/:itemId/other-decisions',
    targets: ['item:own', 'item:foreign'],
    send: async (c, target, fx) => {
      const item = isOwn(target) ? await anyItem(fx.delivered.id) : fx.foreign.item;
      return api(
        c,
        'get',
        `/api/v1/records-requests/${fx.delivered.id}/items/${item}/other-decisions`,
      );
    },
    expect: (role, target) => cell('api', 'GET', role, isOwn(target) ? REVIEWERS : [], OK),
  },

  // ——— Writes. Refused ones run first; allowed ones in this order. ———

  // Public writes: anyone may file a request and fetch copies with their code.
  {
    route: 'POST /begaran',
    writes: true,
    send: (c) =>
      page(c, 'post', '/begaran', { description: 'Matrisens begäran.', delivery: 'on_site' }),
    expect: everyone(redirect(/^\/begaran\/kvitto$/)),
  },
  {
    route: 'POST /api/v1/records-requests',
    writes: true,
    send: (c) =>
      api(c, 'post', '/api/v1/records-requests', {
        description: 'Matrisens begäran.',
        delivery: 'on_site',
      }),
    expect: everyone(CREATED),
  },
  {
    // The status page of a session: the right code opens it (anyone may hold one), a guessed one
    // finds nothing.
    route: 'POST /begaran/status',
    targets: ['code:own', 'code:other'],
    send: (c, target, fx) => page(c, 'post', '/begaran/status', { kod: codeFor(target, fx) }),
    expect: (_role, target) => (isOwn(target) ? redirect(/^\/begaran\/status$/) : NOT_FOUND),
  },
  {
    route: 'POST /begaran/status/stang',
    send: (c) => page(c, 'post', '/begaran/status/stang'),
    expect: everyone(redirect(/^\/begaran\/status$/)),
  },
  {
    // The status page's actions work on the request the session opened with its code (own);
    // a session that opened none is told so (other).
    route: 'POST /begaran/hamta',
    writes: true,
    fresh: true,
    targets: ['code:own', 'code:other'],
    send: async (c, target, fx) => {
      if (isOwn(target)) await openStatus(c, fx.delivered.code);
      return page(c, 'post', '/begaran/hamta');
    },
    expect: (_role, target) =>
      isOwn(target) ? redirect(/^\/begaran\/hamta\/[A-Za-z0-9_-]{43}$/) : NOT_FOUND,
  },
  {
    // The delivered request waits for no answer: the same refusal for everyone; no open request, nothing.
    route: 'POST /begaran/status/svar',
    writes: true,
    fresh: true,
    targets: ['code:own', 'code:other'],
    send: async (c, target, fx) => {
      if (isOwn(target)) await openStatus(c, fx.delivered.code);
      return page(c, 'post', '/begaran/status/svar', { svar: 'Matrisens svar.' });
    },
    expect: (_role, target) => (isOwn(target) ? CONFLICT : NOT_FOUND),
  },
  {
    route: 'POST /api/v1/records-requests/status/clarification-answer',
    writes: true,
    targets: ['code:own', 'code:other'],
    send: (c, target, fx) =>
      withReceiptCode(
        c,
        'post',
        '/api/v1/records-requests/status/clarification-answer',
        codeFor(target, fx),
        { answer: 'Matrisens svar.' },
      ),
    expect: (_role, target) => (isOwn(target) ? CONFLICT : NOT_FOUND),
  },
  {
    // A delivered request cannot be withdrawn: the same refusal for everyone; no open request, nothing.
    route: 'POST /begaran/status/aterkalla',
    writes: true,
    fresh: true,
    targets: ['code:own', 'code:other'],
    send: async (c, target, fx) => {
      if (isOwn(target)) await openStatus(c, fx.delivered.code);
      return page(c, 'post', '/begaran/status/aterkalla', { bekrafta: 'ja' });
    },
    expect: (_role, target) => (isOwn(target) ? CONFLICT : NOT_FOUND),
  },
  {
    route: 'POST /api/v1/records-requests/status/withdraw',
    writes: true,
    targets: ['code:own', 'code:other'],
    send: (c, target, fx) =>
      withReceiptCode(c, 'post', '/api/v1/records-requests/status/withdraw', codeFor(target, fx)),
    expect: (_role, target) => (isOwn(target) ? CONFLICT : NOT_FOUND),
  },
  {
    // The delivered request refused a record: anyone with its code may appeal; no open request, nothing.
    route: 'POST /begaran/status/overklaga',
    writes: true,
    fresh: true,
    targets: ['code:own', 'code:other'],
    send: async (c, target, fx) => {
      if (isOwn(target)) await openStatus(c, fx.delivered.code);
      return page(c, 'post', '/begaran/status/overklaga', { skal: 'Matrisens överklagande.' });
    },
    expect: (_role, target) => (isOwn(target) ? redirect(/^\/begaran\/status$/) : NOT_FOUND),
  },
  {
    route: 'POST /api/v1/records-requests/status/appeal',
    writes: true,
    targets: ['code:own', 'code:other'],
    send: (c, target, fx) =>
      withReceiptCode(c, 'post', '/api/v1/records-requests/status/appeal', codeFor(target, fx), {
        reasons: 'Matrisens överklagande.',
      }),
    expect: (_role, target) => (isOwn(target) ? NO_CONTENT : NOT_FOUND),
  },
  {
    route: 'POST /api/v1/records-requests/status/download-link',
    writes: true,
    targets: ['code:own', 'code:other'],
    send: (c, target, fx) =>
      withReceiptCode(
        c,
        'post',
        '/api/v1/records-requests/status/download-link',
        codeFor(target, fx),
      ),
    expect: (_role, target) => (isOwn(target) ? CREATED : NOT_FOUND),
  },
  {
    // An unknown name, one per caller: the same 401 for everyone, and nothing is locked by the
    // matrix (an unknown name is locked after as many failures as an account, so it tells nothing).
    route: 'POST /api/v1/auth/login',
    writes: true,
    send: (c) =>
      api(c, 'post', '/api/v1/auth/login', {
        username: `ingen-sadan-${c.role}`,
        password: 'fel-lösenord',
      }),
    expect: everyone(API_LOGIN),
  },
  {
    route: 'POST /logga-in',
    writes: true,
    unaudited: 'an empty form is answered before any login is tried',
    send: (c) => page(c, 'post', '/logga-in', { username: '', password: '' }),
    expect: everyone({ status: 400 }),
  },

  // Staff forward or register a request.
  {
    route: 'POST /api/v1/records-requests/forwarded',
    writes: true,
    send: (c) =>
      api(c, 'post', '/api/v1/records-requests/forwarded', {
        description: 'Vidarebefordrad.',
        delivery: 'on_site',
        receivedOn: today(),
      }),
    expect: (role) => cell('api', 'POST', role, STAFF_WHO_FORWARD, CREATED),
  },
  {
    route: 'POST /vidarebefordra-begaran',
    writes: true,
    send: (c) =>
      page(c, 'post', '/vidarebefordra-begaran', {
        description: 'Vidarebefordrad.',
        delivery: 'on_site',
        receivedOn: today(),
      }),
    expect: (role) =>
      cell('page', 'POST', role, STAFF_WHO_FORWARD, redirect(/^\/begaran\/kvitto$/)),
  },
  {
    route: 'POST /api/v1/records-requests/registered',
    writes: true,
    send: (c) =>
      api(c, 'post', '/api/v1/records-requests/registered', {
        description: 'Inkom per telefon.',
        delivery: 'on_site',
        channel: 'phone',
        receivedOn: today(),
      }),
    expect: (role) => cell('api', 'POST', role, REVIEWERS, CREATED),
  },
  {
    route: 'POST /handlaggning/registrera',
    writes: true,
    send: (c) =>
      page(c, 'post', '/handlaggning/registrera', {
        description: 'Inkom per telefon.',
        delivery: 'on_site',
        channel: 'phone',
        receivedOn: today(),
      }),
    expect: (role) => cell('page', 'POST', role, REVIEWERS, redirect(/^\/begaran\/kvitto$/)),
  },

  // A guardian's own request about their child, signed in.
  {
    route: 'POST /mina-barn/:pupilId/begaran',
    writes: true,
    targets: ['pupil:own', 'pupil:other'],
    send: (c, target, fx) =>
      page(
        c,
        'post',
        `/mina-barn/${fx.person[isOwn(target) ? 'pupil:4-1' : 'pupil:8-1']}/begaran`,
        {
          delivery: 'electronic',
        },
      ),
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? ['vardnadshavare'] : [],
        redirect(/^\/begaran\/kvitto$/),
      ),
  },
  {
    route: 'POST /api/v1/records-requests/as-guardian/:pupilId',
    writes: true,
    targets: ['pupil:own', 'pupil:other'],
    send: (c, target, fx) =>
      api(
        c,
        'post',
        `/api/v1/records-requests/as-guardian/${fx.person[isOwn(target) ? 'pupil:4-1' : 'pupil:8-1']}`,
        { delivery: 'electronic' },
      ),
    expect: (role, target) =>
      cell('api', 'POST', role, isOwn(target) ? ['vardnadshavare'] : [], CREATED),
  },

  // Plans: the mentor starts them…
  {
    route: 'POST /api/v1/pupils/:pupilId/plans',
    writes: true,
    targets: ['pupil:own', 'pupil:other'],
    send: (c, target, fx) =>
      api(
        c,
        'post',
        `/api/v1/pupils/${fx.person[isOwn(target) ? 'pupil:4-8' : 'pupil:8-2']}/plans`,
      ),
    // Only the mentor starts a plan; for everyone else the pupil is not found.
    expect: (role, target) => cell('api', 'POST', role, isOwn(target) ? ['mentor'] : [], CREATED),
  },
  {
    route: 'POST /elever/:pupilId/planer',
    writes: true,
    targets: ['pupil:own', 'pupil:other'],
    send: (c, target, fx) =>
      page(c, 'post', `/elever/${fx.person[isOwn(target) ? 'pupil:4-7' : 'pupil:8-2']}/planer`),
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? ['mentor'] : [],
        redirect(/^\/planer\/[0-9a-f-]+\?sparat=skapad$/),
      ),
  },
  // …each part has its one writer (the others who read the plan are told 403; establishing and
  // reopening are the mentor's alone, and answer 404 like starting a plan)…
  ...(
    [
      [
        'PUT /api/v1/plans/:planId/goals',
        'mentor',
        OK,
        (revision: number) => ({ revision, goals: [], otherDevelopment: 'Läser mer.' }),
      ],
      [
        'PUT /api/v1/plans/:planId/talk',
        'mentor',
        OK,
        (revision: number) => ({
          revision,
          date: '2026-11-20',
          participants: ['Eleven', 'Mentor', 'Vårdnadshavare'],
          agreements: 'Vi ses igen i mars.',
          acknowledgeWarnings: true,
        }),
      ],
      [
        'PUT /api/v1/plans/:planId/self-assessment',
        'elev',
        OK,
        (revision: number) => ({ revision, answers: [], text: 'Jag läser mer nu.' }),
      ],
      [
        'PUT /api/v1/plans/:planId/assessments/:subject',
        'larare',
        OK,
        (revision: number) => ({ revision, scaleValue: 'godtagbara', text: 'Räknar säkert.' }),
      ],
      [
        'POST /api/v1/plans/:planId/comments',
        'vardnadshavare',
        CREATED,
        (revision: number) => ({ revision, text: 'En kommentar.' }),
      ],
      [
        'PUT /api/v1/plans/:planId/comments/:comment/answer',
        'mentor',
        OK,
        (revision: number) => ({ revision, text: 'Tack för kommentaren.' }),
      ],
      ['POST /api/v1/plans/:planId/establish', 'mentor', OK, (revision: number) => ({ revision })],
      ['POST /api/v1/plans/:planId/drafts', 'mentor', CREATED, () => ({})],
    ] as const
  ).map(([route, writer, success, body]): Spec => ({
    route,
    writes: true,
    lane: { name: 'plan' },
    targets: ['plan:own', 'plan:other'],
    send: async (c, target, fx) => {
      const planId = isOwn(target) ? fx.plan.own : fx.plan.other;
      const path = route
        .split(' ')[1]
        .replace(':planId', planId)
        .replace(':subject', 'Matematik')
        .replace(':comment', '0');
      return api(c, route.startsWith('PUT') ? 'put' : 'post', path, body(await revisionOf(planId)));
    },
    expect: (role, target) =>
      cell(
        'api',
        route.split(' ')[0],
        role,
        isOwn(target) ? [writer] : [],
        success,
        isOwn(target) ? readersTold403(route) : [],
      ),
  })),
  // …and the same on the plan page, one form per section (after `drafts`, the new draft).
  ...(
    [
      [
        'mal',
        'mentor',
        (r: number) => ({
          revision: String(r),
          goal_0_text: 'Läsa en bok.',
          otherDevelopment: 'Läser.',
        }),
      ],
      [
        'samtal',
        'mentor',
        (r: number) => ({
          revision: String(r),
          date: '2026-11-21',
          participants: 'Eleven\nMentor',
          agreements: 'Vi ses i mars.',
          acknowledgeWarnings: 'ja',
        }),
      ],
      ['sjalvskattning', 'elev', (r: number) => ({ revision: String(r), text: 'Jag läser mer.' })],
      [
        'bedomning',
        'larare',
        (r: number) => ({
          revision: String(r),
          subject: 'Matematik',
          scaleValue: 'godtagbara',
          text: 'Räknar säkert.',
        }),
      ],
      ['kommentar', 'vardnadshavare', (r: number) => ({ revision: String(r), text: 'Tack.' })],
      [
        'svar',
        'mentor',
        (r: number) => ({ revision: String(r), comment: '0', text: 'Tack själv.' }),
      ],
      // From the confirmation page (the plan page's button only shows what becomes a record).
      ['faststall', 'mentor', (r: number) => ({ revision: String(r), bekraftat: 'ja' })],
      ['nytt-utkast', 'mentor', () => ({})],
    ] as const
  ).map(([section, writer, form]): Spec => ({
    route: 'POST /planer/:planId/:section',
    variant: section,
    writes: true,
    lane: { name: 'plan' },
    targets: ['plan:own', 'plan:other'],
    send: async (c, target, fx) => {
      const planId = isOwn(target) ? fx.plan.own : fx.plan.other;
      return page(c, 'post', `/planer/${planId}/${section}`, form(await revisionOf(planId)));
    },
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? [writer] : [],
        redirect(/^\/planer\/[0-9a-f-]+\?sparat=/),
        isOwn(target) ? readersTold403(section) : [],
      ),
  })),
  {
    route: 'POST /skolenheter/:unitId/iup-mall',
    writes: true,
    targets: ['unit:own', 'unit:other'],
    send: (c, target, fx) =>
      page(c, 'post', `/skolenheter/${isOwn(target) ? fx.unit.north : fx.unit.south}/iup-mall`, {
        periodKind: 'school_year',
        subjects: 'Svenska\nMatematik\nEngelska',
        scale: 'Inte godtagbara\nGodtagbara\nMer än godtagbara',
        questions: 'Hur trivs du?',
        includesOtherDevelopment: 'ja',
      }),
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? ['rektor'] : [],
        redirect(/\/iup-mall\?sparat=1$/),
      ),
  },

  {
    // A reminder to the mentors of every class with pupils missing a plan or a talk.
    route: 'POST /skolenheter/:unitId/uppfoljning/paminn',
    writes: true,
    targets: ['unit:own', 'unit:other'],
    send: (c, target, fx) =>
      page(
        c,
        'post',
        `/skolenheter/${isOwn(target) ? fx.unit.north : fx.unit.south}/uppfoljning/paminn`,
        { klass: 'alla' },
      ),
    expect: (role, target) =>
      cell('page', 'POST', role, isOwn(target) ? ['rektor'] : [], redirect(/\/uppfoljning$/)),
  },

  // Guardians' own details.
  {
    route: 'POST /profil',
    writes: true,
    lane: { name: 'profile' },
    send: (c) => page(c, 'post', '/profil', { phone: '0302-12 34 56' }),
    expect: (role) =>
      cell('page', 'POST', role, ['vardnadshavare'], redirect(/^\/profil\?sparat=uppgifter$/)),
  },
  {
    // What the class list shows (issue 24); the photo stays chosen for the photo cells.
    route: 'POST /profil/klasslista',
    writes: true,
    lane: { name: 'profile' },
    send: (c) => page(c, 'post', '/profil/klasslista', { visa: 'photo' }),
    expect: (role) =>
      cell('page', 'POST', role, ['vardnadshavare'], redirect(/^\/profil\?sparat=klasslista$/)),
  },
  {
    route: 'POST /profil/bild/ta-bort',
    writes: true,
    lane: { name: 'profile' },
    send: (c) => page(c, 'post', '/profil/bild/ta-bort'),
    expect: (role) =>
      cell('page', 'POST', role, ['vardnadshavare'], redirect(/^\/profil\?sparat=bild-borttagen$/)),
  },
  {
    route: 'POST /profil/bild',
    writes: true,
    lane: { name: 'profile' },
    send: (c, _t, fx) => upload(c, '/profil/bild', 'photo', fx.photo, 'bild.jpg'),
    expect: (role) =>
      cell('page', 'POST', role, ['vardnadshavare'], redirect(/^\/profil\?sparat=bild$/)),
  },

  // Register extracts (GDPR art. 15): Sektor Lärande's role (the administrator here) produces
  // and sends; a signed-in guardian or pupil asks and fetches their own.
  {
    route: 'GET /admin/registerutdrag',
    targets: ['extract:own'],
    auditedRead: true,
    send: (c) => page(c, 'get', '/admin/registerutdrag'),
    expect: (role) => cell('page', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /admin/registerutdrag/:extractId',
    targets: ['extract:own'],
    auditedRead: true,
    send: (c, _t, fx) => page(c, 'get', `/admin/registerutdrag/${fx.extract.sent}`),
    expect: (role) => cell('page', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /admin/registerutdrag/:extractId/fil/:format',
    targets: ['extract:own'],
    auditedRead: true,
    send: (c, _t, fx) => page(c, 'get', `/admin/registerutdrag/${fx.extract.sent}/fil/json`),
    expect: (role) => cell('page', 'GET', role, ['admin'], OK),
  },
  {
    route: 'GET /api/v1/register-extracts/:extractId',
    auditedRead: true,
    send: (c, _t, fx) => api(c, 'get', `/api/v1/register-extracts/${fx.extract.sent}`),
    expect: (role) => cell('api', 'GET', role, ['admin'], OK),
  },
  {
    route: 'POST /admin/registerutdrag',
    writes: true,
    send: (c, _t, fx) =>
      page(c, 'post', '/admin/registerutdrag', { personId: fx.person['pupil:8-2'] }),
    expect: (role) =>
      cell('page', 'POST', role, ['admin'], redirect(/^\/admin\/registerutdrag\/[0-9a-f-]+$/)),
  },
  {
    route: 'POST /admin/registerutdrag/:extractId/ta-fram',
    writes: true,
    send: (c, _t, fx) => page(c, 'post', `/admin/registerutdrag/${fx.extract.requested}/ta-fram`),
    expect: (role) =>
      cell('page', 'POST', role, ['admin'], redirect(/^\/admin\/registerutdrag\/[0-9a-f-]+$/)),
  },
  {
    route: 'POST /admin/registerutdrag/:extractId/skickat',
    writes: true,
    send: (c, _t, fx) => page(c, 'post', `/admin/registerutdrag/${fx.extract.ready}/skickat`),
    expect: (role) =>
      cell(
        'page',
        'POST',
        role,
        ['admin'],
        redirect(/^\/admin\/registerutdrag\/[0-9a-f-]+\?skickat=(epost|post)$/),
      ),
  },
  {
    route: 'GET /registerutdrag',
    send: (c) => page(c, 'get', '/registerutdrag'),
    expect: (role) => cell('page', 'GET', role, ['elev', 'vardnadshavare'], OK),
  },
  {
    // Each asks for their own: the pupil's first, the guardian's after their sent one.
    route: 'POST /registerutdrag',
    writes: true,
    send: (c) => page(c, 'post', '/registerutdrag'),
    expect: (role) =>
      cell(
        'page',
        'POST',
        role,
        ['elev', 'vardnadshavare'],
        redirect(/^\/registerutdrag\?begart=ny$/),
      ),
  },
  // — Development talks (issue 24): the mentor's times, the guardian's booking. —
  {
    route: 'GET /samtal',
    send: (c) => page(c, 'get', '/samtal'),
    expect: (role) => cell('page', 'GET', role, ['mentor'], redirect(/^\/samtal\/[0-9a-f-]{36}$/)),
  },
  {
    route: 'GET /samtal/:groupId',
    auditedRead: true,
    targets: ['class:own', 'class:other'],
    send: (c, target, fx) => page(c, 'get', `/samtal/${fx.group[target]}`),
    expect: (role, target) => cell('page', 'GET', role, isOwn(target) ? ['mentor'] : [], OK),
  },
  {
    route: 'POST /samtal/:groupId/tider',
    writes: true,
    targets: ['class:own', 'class:other'],
    send: (c, target, fx) =>
      page(c, 'post', `/samtal/${fx.group[target]}/tider`, {
        day: addWorkingDays(today(), 15),
        firstStart: '09:00',
        lastStart: '09:30',
        minutes: '30',
        place: 'Matrisrummet',
      }),
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? ['mentor'] : [],
        redirect(/^\/samtal\/[0-9a-f-]{36}$/),
      ),
  },
  {
    route: 'POST /samtal/:groupId/tider/:slotId/ta-bort',
    writes: true,
    targets: ['class:own', 'class:other'],
    send: (c, target, fx) =>
      page(
        c,
        'post',
        `/samtal/${fx.group[target]}/tider/${isOwn(target) ? fx.talkSlot.withdraw : fx.talkSlot.other}/ta-bort`,
      ),
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? ['mentor'] : [],
        redirect(/^\/samtal\/[0-9a-f-]{36}$/),
      ),
  },
  {
    route: 'GET /mina-barn/samtal',
    auditedRead: true,
    send: (c) => page(c, 'get', '/mina-barn/samtal'),
    expect: (role) => cell('page', 'GET', role, ['vardnadshavare'], OK),
  },
  {
    route: 'POST /mina-barn/samtal/:pupilId/boka',
    writes: true,
    // After the plan lane's writes: a booking writes the day into pupil 4-1's draft.
    lane: { name: 'plan' },
    targets: ['pupil:own', 'pupil:other'],
    send: (c, target, fx) =>
      page(
        c,
        'post',
        `/mina-barn/samtal/${fx.person[isOwn(target) ? 'pupil:4-1' : 'pupil:8-1']}/boka`,
        {
          slotId: isOwn(target) ? fx.talkSlot.own : fx.talkSlot.other,
        },
      ),
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? ['vardnadshavare'] : [],
        redirect(/^\/mina-barn\/samtal#barn-[0-9a-f-]{36}$/),
      ),
  },
  {
    route: 'POST /mina-barn/samtal/:pupilId/avboka',
    writes: true,
    // After the plan lane's writes: a booking writes the day into pupil 4-1's draft.
    lane: { name: 'plan' },
    targets: ['pupil:own', 'pupil:other'],
    send: (c, target, fx) =>
      page(
        c,
        'post',
        `/mina-barn/samtal/${fx.person[isOwn(target) ? 'pupil:4-1' : 'pupil:8-1']}/avboka`,
      ),
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? ['vardnadshavare'] : [],
        redirect(/^\/mina-barn\/samtal#barn-[0-9a-f-]{36}$/),
      ),
  },
  {
    // Only another guardian of the guardian's own children can be named.
    route: 'POST /mina-barn/samtal/hushall',
    writes: true,
    targets: ['guardian:own', 'guardian:other'],
    send: (c, target, fx) =>
      page(c, 'post', '/mina-barn/samtal/hushall', {
        vardnadshavare: fx.person[isOwn(target) ? 'guardian:partner' : 'guardian:other'],
        tillsammans: 'ja',
      }),
    expect: (role, target) =>
      cell(
        'page',
        'POST',
        role,
        isOwn(target) ? ['vardnadshavare'] : [],
        redirect(/^\/mina-barn\/samtal#hushall$/),
      ),
  },
  {
    route: 'GET /installningar/aviseringar',
    send: (c) => page(c, 'get', '/installningar/aviseringar'),
    expect: (role) => cell('page', 'GET', role, ['elev', 'vardnadshavare'], OK),
  },
  {
    // Each chooses their own; nobody can choose for another person.
    route: 'POST /installningar/aviseringar',
    writes: true,
    send: (c) =>
      page(c, 'post', '/installningar/aviseringar', {
        'kind_plan-established': 'ja',
        email: 'matris@example.se',
      }),
    expect: (role) =>
      cell(
        'page',
        'POST',
        role,
        ['elev', 'vardnadshavare'],
        redirect(/^\/installningar\/aviseringar\?sparat=ja$/),
      ),
  },
  {
    // The guardian's own sent extract; the pupil, who may ask, is told it does not exist.
    route: 'POST /registerutdrag/:extractId/lank',
    writes: true,
    lane: { name: 'register-extract-link' },
    send: (c, _t, fx) => page(c, 'post', `/registerutdrag/${fx.extract.sent}/lank`),
    expect: (role) =>
      cell(
        'page',
        'POST',
        role,
        ['vardnadshavare'],
        redirect(/^\/registerutdrag\/hamta\/[A-Za-z0-9_-]{43}$/),
      ),
  },
  {
    route: 'GET /registerutdrag/hamta/:token',
    targets: ['extract:own'],
    send: (c, _t, fx) => page(c, 'get', `/registerutdrag/hamta/${fx.extract.token}`),
    expect: (role) => cell('page', 'GET', role, ['vardnadshavare'], OK),
  },
  {
    route: 'GET /registerutdrag/hamta/:token/:format',
    targets: ['extract:own'],
    auditedRead: true,
    send: (c, _t, fx) => page(c, 'get', `/registerutdrag/hamta/${fx.extract.token}/json`),
    expect: (role) => cell('page', 'GET', role, ['vardnadshavare'], OK),
  },

  // Administration.
  {
    route: 'POST /api/v1/directory/imports',
    writes: true,
    send: (c) =>
      sent(
        c.agent
          .post('/api/v1/directory/imports?fileName=matris.csv')
          .set('Content-Type', 'text/csv')
          .send('roll;personnummer;fornamn;efternamn\n'),
      ),
    expect: (role) => cell('api', 'POST', role, ['admin'], { status: 202 }),
  },
  {
    route: 'POST /admin/import',
    writes: true,
    send: (c) =>
      sent(
        c.agent
          .post('/admin/import')
          .set('Accept', 'text/html')
          .set('X-CSRF-Token', c.csrf)
          .attach('file', Buffer.from('roll;personnummer;fornamn;efternamn\n'), {
            filename: 'matris.csv',
            contentType: 'text/csv',
          }),
      ),
    expect: (role) =>
      cell('page', 'POST', role, ['admin'], redirect(/^\/admin\/import\/[0-9a-f-]+$/)),
  },
  {
    route: 'PUT /api/v1/accounts/:accountId/password',
    writes: true,
    send: (c, _t, fx) =>
      api(c, 'put', `/api/v1/accounts/${fx.accountId}/password`, {
        password: 'ett nytt långt lösenord',
      }),
    expect: (role) => cell('api', 'PUT', role, ['admin'], NO_CONTENT),
  },
  {
    route: 'POST /admin/konton/:accountId/losenord',
    writes: true,
    send: (c, _t, fx) =>
      page(c, 'post', `/admin/konton/${fx.accountId}/losenord`, {
        password: 'ännu ett långt lösenord',
      }),
    expect: (role) =>
      cell('page', 'POST', role, ['admin'], redirect(/^\/admin\/konton\/[0-9a-f-]+\?sparat=1$/)),
  },

  // Retention holds (the run itself comes last).
  {
    route: 'POST /api/v1/retention/holds',
    writes: true,
    lane: { name: 'retention' },
    send: (c, _t, fx) =>
      api(c, 'post', '/api/v1/retention/holds', {
        registrationNumber: fx.record.ownNumber,
        reason: 'Begärd av revisionen.',
      }),
    expect: (role) => cell('api', 'POST', role, ['arkivarie'], CREATED),
  },
  {
    route: 'POST /api/v1/retention/holds/:id/lift',
    writes: true,
    lane: { name: 'retention' },
    send: (c, _t, fx) =>
      api(c, 'post', `/api/v1/retention/holds/${fx.holdId}/lift`, {
        reason: 'Revisionen är klar.',
      }),
    expect: (role) => cell('api', 'POST', role, ['arkivarie'], NO_CONTENT),
  },
  {
    route: 'POST /gallring/sparr',
    writes: true,
    lane: { name: 'retention' },
    send: (c, _t, fx) =>
      page(c, 'post', '/gallring/sparr', {
        registrationNumber: fx.record.otherNumber,
        reason: 'Begärd av revisionen.',
      }),
    expect: (role) => cell('page', 'POST', role, ['arkivarie'], redirect(/^\/gallring$/)),
  },
  {
    route: 'POST /gallring/sparr/:id/hav',
    writes: true,
    lane: { name: 'retention' },
    send: async (c, _t, fx) => {
      const [row] = await sql(
        `select h.id from retention_hold h join public_record r on r.id = h.record_id
          where r.registration_number = $1 and h.lifted_at is null`,
        [fx.record.otherNumber],
      );
      return page(c, 'post', `/gallring/sparr/${row ? String(row.id) : fx.holdId}/hav`, {
        reason: 'Klar.',
      });
    },
    expect: (role) => cell('page', 'POST', role, ['arkivarie'], redirect(/^\/gallring$/)),
  },

  // Records: a preview is drawn and leak-checked, nothing is kept.
  {
    route: 'POST /api/v1/records/:recordId/copy-preview',
    targets: ['record:own', 'record:other'],
    send: (c, target, fx) =>
      api(
        c,
        'post',
        `/api/v1/records/${isOwn(target) ? fx.record.own : fx.record.other}/copy-preview`,
        { redactions: [] },
      ),
    expect: (role) => cell('api', 'POST', role, REVIEWERS, OK),
  },

  // A request through every step on the API, once per reviewer…
  {
    ...reviewApi('POST /api/v1/records-requests/:id/claim', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/claim`),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/assign', NO_CONTENT, async (c, id) => {
      const [row] = await sql("select id from account where username = 'teamledare'");
      return api(c, 'post', `/api/v1/records-requests/${id}/assign`, {
        accountId: String(row?.id),
      });
    }),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/notes', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/notes`, { text: 'Kontrollera med mentorn.' }),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/clarification', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/clarification`, {
        question: 'Gäller det även förra läsåret?',
      }),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/clarification/answered', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/clarification/answered`, { summary: 'Ja.' }),
    ),
    writes: true,
  },
  {
    // The lifecycle request has records: closing it without records is refused the same for every reviewer.
    ...reviewApi('POST /api/v1/records-requests/:id/close', CONFLICT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/close`, { closure: 'no_record' }),
    ),
    writes: true,
  },
  {
    // Nothing in the lifecycle request is released in full yet: refused the same for every reviewer.
    ...reviewApi('POST /api/v1/records-requests/:id/deliver-part', CONFLICT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/deliver-part`, {}),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/extend', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/extend`, {
        decisionDue: addWorkingDays(today(), 12),
        notice: 'Begäran omfattar många planer som var och en måste prövas.',
      }),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/items', NO_CONTENT, async (c, id) => {
      const [row] = await sql(
        `select registration_number from public_record where id not in
           (select record_id from records_request_item where request_id = $1 and record_id is not null)
          order by registration_number limit 1`,
        [id],
      );
      return api(c, 'post', `/api/v1/records-requests/${id}/items`, {
        registrationNumber: String(row?.registration_number),
      });
    }),
    writes: true,
  },
  {
    // A signal, set whatever the request's status: on a record of the request, before any decision.
    ...reviewApi(
      'PUT /api/v1/records-requests/:id/items/:itemId/marking',
      NO_CONTENT,
      async (c, id) =>
        api(c, 'put', `/api/v1/records-requests/${id}/items/${await anyItem(id)}/marking`, {
          provision: 'OSL 23 kap. 2 §',
          reviewOn: addWorkingDays(today(), 40),
        }),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/items/:itemId/preview', OK, async (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/items/${(await openItem(id)).id}/preview`, {
        redactions: [],
      }),
    ),
  },
  {
    ...reviewApi(
      'POST /api/v1/records-requests/:id/items/:itemId/decision',
      NO_CONTENT,
      async (c, id) => {
        const item = await openItem(id);
        return api(c, 'post', `/api/v1/records-requests/${id}/items/${item.id}/decision`, {
          decision: 'release',
          redactions: [],
          version: item.version,
        });
      },
    ),
    writes: true,
  },
  {
    // Carrying the release just decided over to an undecided record changes nothing there:
    // refused the same (400) for every reviewer, 404 for everyone else.
    ...reviewApi(
      'POST /api/v1/records-requests/:id/items/:itemId/carry-over',
      { status: 400 },
      async (c, id) => {
        const [decided] = await sql(
          'select id from records_request_item where request_id = $1 and record_id is not null and decision is not null order by id limit 1',
          [id],
        );
        const item = await anyItem(id);
        return api(c, 'post', `/api/v1/records-requests/${id}/items/${item}/carry-over`, {
          fromItemId: String(decided?.id),
          fieldIds: ['pupil.name'],
          version: 0,
        });
      },
    ),
  },
  {
    // Four eyes is off in this suite (REQUEST_FOUR_EYES defaults to off): approving is refused
    // the same (409) for every reviewer, 404 for everyone else.
    ...reviewApi(
      'POST /api/v1/records-requests/:id/items/:itemId/approve',
      { status: 409 },
      async (c, id) => {
        const item = await anyItem(id);
        return api(c, 'post', `/api/v1/records-requests/${id}/items/${item}/approve`, {});
      },
    ),
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/approve-all', { status: 409 }, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/approve-all`),
    ),
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/decisions/release', OK, async (c, id) => {
      const rows = await sql(
        'select id, version from records_request_item where request_id = $1 and record_id is not null and decision is null',
        [id],
      );
      return api(c, 'post', `/api/v1/records-requests/${id}/decisions/release`, {
        items: rows.map((row) => ({ id: String(row.id), version: Number(row.version) })),
      });
    }),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/complete', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/complete`),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/viewing', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/viewing`, {
        date: addWorkingDays(today(), 2),
        time: '10:00',
        place: 'Stadshuset',
      }),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/deliver', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/deliver`, {}),
    ),
    writes: true,
  },
  {
    ...reviewApi('POST /api/v1/records-requests/:id/appeals', NO_CONTENT, (c, id) =>
      api(c, 'post', `/api/v1/records-requests/${id}/appeals`, {
        receivedOn: today(),
        note: 'Inkom per brev.',
      }),
    ),
    writes: true,
  },
  {
    ...reviewApi(
      'POST /api/v1/records-requests/:id/appeals/:appealId/forward',
      NO_CONTENT,
      async (c, id) =>
        api(c, 'post', `/api/v1/records-requests/${id}/appeals/${await latestAppeal(id)}/forward`, {
          forwardedOn: today(),
        }),
    ),
    writes: true,
  },
  {
    ...reviewApi(
      'POST /api/v1/records-requests/:id/appeals/:appealId/outcome',
      NO_CONTENT,
      async (c, id) =>
        api(c, 'post', `/api/v1/records-requests/${id}/appeals/${await latestAppeal(id)}/outcome`, {
          outcome: 'upheld',
          decidedOn: today(),
        }),
    ),
    writes: true,
  },
  {
    // The court upheld the decision: nothing to decide anew, the same refusal for every reviewer.
    ...reviewApi(
      'POST /api/v1/records-requests/:id/appeals/:appealId/reopen',
      CONFLICT,
      async (c, id) =>
        api(c, 'post', `/api/v1/records-requests/${id}/appeals/${await latestAppeal(id)}/reopen`),
    ),
    writes: true,
  },
  {
    // The appeal came in time: no exception to record, the same refusal for every reviewer.
    ...reviewApi(
      'POST /api/v1/records-requests/:id/appeals/:appealId/late-exception',
      CONFLICT,
      async (c, id) =>
        api(
          c,
          'post',
          `/api/v1/records-requests/${id}/appeals/${await latestAppeal(id)}/late-exception`,
          { exception: 'notice_missing_or_wrong' },
        ),
    ),
    writes: true,
  },
  // …and on the back-office pages, once per reviewer.
  ...REVIEW_ACTIONS.map(({ action, form, unaudited }): Spec => ({
    ...reviewPage('POST /handlaggning/begaran/:id/:action', action, async (c, id) =>
      page(c, 'post', `/handlaggning/begaran/${id}/${action}`, await form()),
    ),
    writes: true,
    ...(unaudited ? { unaudited } : {}),
  })),
  {
    ...reviewPage('POST /handlaggning/begaran/:id/:action', 'handling', async (c, id) => {
      const [row] = await sql(
        `select registration_number from public_record where id not in
           (select record_id from records_request_item where request_id = $1 and record_id is not null)
          order by registration_number limit 1`,
        [id],
      );
      return page(c, 'post', `/handlaggning/begaran/${id}/handling`, {
        registrationNumber: String(row?.registration_number),
      });
    }),
    writes: true,
  },
  {
    ...reviewPage(
      'POST /handlaggning/begaran/:id/handlingar/:itemId/sekretessmarkering',
      'sekretessmarkering',
      async (c, id) =>
        page(
          c,
          'post',
          `/handlaggning/begaran/${id}/handlingar/${await anyItem(id)}/sekretessmarkering`,
          {
            provision: 'OSL 21 kap. 3 §',
            reviewOn: '',
          },
        ),
    ),
    writes: true,
  },
  {
    ...reviewPage(
      'POST /handlaggning/begaran/:id/handlingar/:itemId/forhandsgranska',
      'forhandsgranska',
      async (c, id) =>
        page(
          c,
          'post',
          `/handlaggning/begaran/${id}/handlingar/${(await openItem(id)).id}/forhandsgranska`,
          {},
        ),
      OK,
    ),
  },
  {
    ...reviewPage(
      'POST /handlaggning/begaran/:id/handlingar/:itemId/beslut',
      'beslut',
      async (c, id) => {
        const item = await openItem(id);
        return page(c, 'post', `/handlaggning/begaran/${id}/handlingar/${item.id}/beslut`, {
          decision: 'release',
          version: String(item.version),
        });
      },
    ),
    writes: true,
  },
  {
    // Back to the item page whatever the outcome (here nothing to carry: told there).
    ...reviewPage(
      'POST /handlaggning/begaran/:id/handlingar/:itemId/for-over',
      'for-over',
      async (c, id) => {
        const item = await anyItem(id);
        return page(c, 'post', `/handlaggning/begaran/${id}/handlingar/${item}/for-over`, {
          fromItemId: item,
          alla: 'ja',
          version: '0',
        });
      },
      redirect(/^\/handlaggning\/begaran\/[0-9a-f-]+\/handlingar\/[0-9a-f-]+$/),
    ),
  },
  {
    // Back to the request page whatever the outcome (four eyes off here: told there).
    ...reviewPage(
      'POST /handlaggning/begaran/:id/handlingar/:itemId/godkann',
      'godkann',
      async (c, id) => {
        const item = await anyItem(id);
        return page(c, 'post', `/handlaggning/begaran/${id}/handlingar/${item}/godkann`, {
          version: '0',
        });
      },
    ),
  },
  {
    ...reviewPage('POST /handlaggning/begaran/:id/:action', 'lamna-ut', async (c, id) => {
      const rows = await sql(
        'select id, version from records_request_item where request_id = $1 and record_id is not null and decision is null',
        [id],
      );
      const items = rows.map(
        (row) => `item=${encodeURIComponent(`${String(row.id)}:${Number(row.version)}`)}`,
      );
      return sent(
        c.agent
          .post(`/handlaggning/begaran/${id}/lamna-ut`)
          .set('Accept', 'text/html')
          .set('X-CSRF-Token', c.csrf)
          .type('form')
          .send(items.join('&')),
      );
    }),
    writes: true,
  },
  ...REVIEW_ACTIONS_AFTER.map(({ action, form }): Spec => ({
    ...reviewPage('POST /handlaggning/begaran/:id/:action', action, async (c, id) =>
      page(c, 'post', `/handlaggning/begaran/${id}/${action}`, await form()),
    ),
    writes: true,
  })),
  ...(
    [
      ['overlamna', { forwardedOn: '' }],
      ['utfall', { outcome: 'upheld', decidedOn: '' }],
      ['undantag', { exception: 'notice_missing_or_wrong' }],
      ['ta-upp', {}],
    ] as const
  ).map(([action, form]): Spec => ({
    ...reviewPage(
      'POST /handlaggning/begaran/:id/overklagande/:appealId/:action',
      action,
      async (c, id) =>
        page(
          c,
          'post',
          `/handlaggning/begaran/${id}/overklagande/${await latestAppeal(id)}/${action}`,
          {
            ...form,
            ...('forwardedOn' in form
              ? { forwardedOn: today() }
              : 'decidedOn' in form
                ? { decidedOn: today() }
                : {}),
          },
        ),
    ),
    writes: true,
    // An appeal in time needs no exception: refused after the access check, nothing to audit.
    ...(action === 'undantag' ? { unaudited: 'the appeal came in time: nothing is recorded' } : {}),
    ...(action === 'ta-upp' ? { unaudited: 'the court upheld the decision: nothing reopens' } : {}),
  })),

  // The archivist runs a disposal now: it deletes what is due, so it runs last but the sign-outs.
  {
    route: 'POST /api/v1/retention/run',
    writes: true,
    lane: { name: 'retention' },
    send: (c) => api(c, 'post', '/api/v1/retention/run'),
    expect: (role) => cell('api', 'POST', role, ['arkivarie'], { status: 202 }),
  },
  {
    route: 'POST /gallring/kor',
    writes: true,
    lane: { name: 'retention' },
    // From the confirmation page (without the field, the page that lists what goes).
    send: (c) => page(c, 'post', '/gallring/kor', { bekraftat: 'ja' }),
    expect: (role) => cell('page', 'POST', role, ['arkivarie'], redirect(/^\/gallring$/)),
  },

  // Signing out ends the session: the API's with each caller's own session once all else is
  // done, the page's in a session signed in for the cell.
  {
    route: 'POST /api/v1/auth/logout',
    writes: true,
    last: true,
    send: (c) => api(c, 'post', '/api/v1/auth/logout'),
    expect: (role) => (role === 'anonymous' ? API_LOGIN : NO_CONTENT),
  },
  {
    route: 'POST /logga-ut',
    writes: true,
    fresh: true,
    unaudited: 'an anonymous sign-out has nobody to audit',
    send: (c) => page(c, 'post', '/logga-ut'),
    expect: everyone(redirect(/^\/logga-in\?utloggad=1$/)),
  },
];

interface Mismatch {
  readonly cell: string;
  readonly problem: string;
}

const specName = (spec: Spec): string =>
  spec.variant ? `${spec.route} [${spec.variant}]` : spec.route;

describe('access matrix: every route × every role × own/other data', () => {
  let world: DemoWorld;
  let fx: Fixtures;
  /** 8A's mentor, who writes the other pupil's plan. */
  let otherMentor: TestAgent;
  const callers = new Map<Role, Caller>();
  /** Per target, what a refused cell must never show. */
  const secrets = new Map<string, string[]>();
  /** Per role, what is theirs to see anywhere (their own name), never counted as a leak. */
  const ownTexts = new Map<Role, string[]>();
  const mismatches: Mismatch[] = [];
  let cells = 0;

  const newCaller = async (role: Role): Promise<Caller> => {
    const agent =
      role === 'anonymous'
        ? request.agent(world.testApp.app.getHttpServer())
        : await world.signIn(role);
    const form = await agent.get('/begaran').set('Accept', 'text/html').expect(200);
    return { role, agent, csrf: csrfFrom(form.text) };
  };

  /** Request ids of refused cells, checked for audit entries once a phase is over. */
  const refusedCells: { name: string; requestId: string; readsAllowed: boolean }[] = [];
  /** Request ids of allowed writes, each of which must have left its audit entry. */
  const allowedWrites: { name: string; requestId: string }[] = [];
  /** Request ids of allowed reads of pupil data, plans, records and requests: each audited. */
  const auditedReads: { name: string; requestId: string }[] = [];

  /** Every cell listed has at least one audit entry under its request id. */
  const checkAudited = async (
    listed: { name: string; requestId: string }[],
    problem: string,
  ): Promise<void> => {
    const found = new Set(
      (
        await sql(
          'select distinct request_id from audit_entry where request_id = any($1::text[])',
          [listed.map((each) => each.requestId)],
        )
      ).map((row) => String(row.request_id)),
    );
    for (const each of listed.filter((cell) => !found.has(cell.requestId))) {
      mismatches.push({ cell: each.name, problem });
    }
  };

  /** Runs one cell and records everything wrong with it. */
  const check = async (spec: Spec, role: Role, target: string): Promise<Sent | null> => {
    const name = `${role} → ${specName(spec)} → ${target}`;
    const expected = spec.expect(role, target);
    const caller = spec.fresh ? await newCaller(role) : callers.get(role)!;
    cells += 1;
    let response: Sent;
    try {
      response = await spec.send(caller, target, fx);
    } catch (error) {
      mismatches.push({ cell: name, problem: `threw ${String(error)}` });
      return null;
    }
    if (response.status !== expected.status) {
      const start = response.bytes.toString('utf8').slice(0, 160).replace(/\s+/g, ' ');
      mismatches.push({
        cell: name,
        problem: `${response.status} (expected ${expected.status}) ${start}`,
      });
    } else if (expected.location && !expected.location.test(response.location)) {
      mismatches.push({
        cell: name,
        problem: `Location ${response.location} (expected ${String(expected.location)})`,
      });
    }
    const refused = expected.status >= 400 || expected.location === PAGE_LOGIN.location;
    if (!refused && spec.auditedRead && response.requestId) {
      auditedReads.push({ name, requestId: response.requestId });
    }
    if (refused && response.requestId) {
      // 403: the caller reads the plan but may not change this part; the page shows them the plan.
      refusedCells.push({
        name,
        requestId: response.requestId,
        readsAllowed: expected === FORBIDDEN,
      });
    }
    if (refused && expected !== FORBIDDEN) {
      const shown = [
        response.bytes.toString('utf8'),
        response.bytes.toString('latin1'),
        decodeURIComponent(response.location),
      ];
      const own = ownTexts.get(role) ?? [];
      for (const secret of secrets.get(target) ?? []) {
        if (own.includes(secret)) continue;
        if (shown.some((text) => text.includes(secret))) {
          mismatches.push({ cell: name, problem: `LEAK: the refused answer shows "${secret}"` });
        }
      }
    }
    return response;
  };

  /** Runs cells a few at once: one app process, and PostgreSQL has a small pool per test. */
  const runAll = async (jobs: { spec: Spec; role: Role; target: string }[]): Promise<void> => {
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          await check(job.spec, job.role, job.target);
        }
      }),
    );
  };

  /**
   * Every refused cell so far left no audit entry (a 403 may have audited the read it showed),
   * but the security event of the refusal itself.
   */
  const checkRefusalsLeftNoTrace = async (): Promise<void> => {
    const cellsNow = refusedCells.splice(0);
    const rows = await sql(
      `select request_id, count(*)::int as all, count(*) filter (where action not like '%.read')::int as writes
         from audit_entry where request_id = any($1::text[]) and action <> 'security.access.refused'
        group by request_id`,
      [cellsNow.map((each) => each.requestId)],
    );
    const byId = new Map(rows.map((row) => [String(row.request_id), row]));
    for (const each of cellsNow) {
      const row = byId.get(each.requestId);
      const count = Number((each.readsAllowed ? row?.writes : row?.all) ?? 0);
      if (count > 0) {
        mismatches.push({ cell: each.name, problem: `refused, yet wrote ${count} audit entries` });
      }
    }
  };

  const matrixJobs = (
    specs: readonly Spec[],
    wanted: (expected: Cell) => boolean,
  ): { spec: Spec; role: Role; target: string }[] =>
    specs.flatMap((spec) =>
      ROLES.flatMap((role) =>
        (spec.targets ?? ['-'])
          .filter((target) => wanted(spec.expect(role, target)))
          .map((target) => ({ spec, role, target })),
      ),
    );

  const isRefusal = (expected: Cell): boolean => expected.status >= 400 || expected === PAGE_LOGIN;

  /** Tables a write could change; compared before and after the refused writes. */
  const fingerprint = async (): Promise<Record<string, string>> => {
    const tables: Record<string, string> = {
      plan: 'select id, revision, state, established_version from plan',
      plan_version: 'select plan_id, version from plan_version',
      plan_template: 'select * from plan_template',
      public_record:
        'select id, confidentiality_marking, confidentiality_marked_by_account_id, confidentiality_review_on from public_record',
      account: 'select id, password_hash, is_disabled from account',
      self_contact: 'select person_id, phone, md5(photo) from self_contact',
      retention_hold: 'select id, lifted_at from retention_hold',
      directory_import: 'select id from directory_import',
      records_request: 'select id, status, assignee_account_id, decision_due from records_request',
      records_request_item: 'select id, decision, version from records_request_item',
      records_request_note: 'select id from records_request_note',
      records_request_appeal: 'select id, forwarded_on, court_outcome from records_request_appeal',
      records_request_document: 'select id from records_request_document',
      download_link: 'select id from download_link',
      register_extract: 'select id, status, sent_at from register_extract',
      register_extract_link: 'select id, replaced_at from register_extract_link',
    };
    const result: Record<string, string> = {};
    for (const [table, select] of Object.entries(tables)) {
      const [row] = await sql(
        `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as hash from (${select}) t`,
      );
      result[table] = String(row?.hash);
    }
    return result;
  };

  /** A job the system processor refuses (an unknown name), failed. */
  const failedSystemJob = async (): Promise<string> => {
    const queue = world.testApp.app.get<Queue>(getQueueToken(SYSTEM_QUEUE), { strict: false });
    const job = await queue.add('no-such-job', {}, { jobId: `matrix-${randomUUID()}` });
    await eventually(
      async () => ((await job.getState()) === 'failed' ? true : null),
      'a failed job for the queue view',
    );
    return String(job.id);
  };

  beforeAll(async () => {
    // Every role makes a download link of the delivered request (page and API), and one more.
    world = await startDemoWorld({
      withPlans: true,
      env: { DOWNLOAD_LINK_MAX_PER_REQUEST: '100' },
    });
    db = new Client({
      connectionString: testDatabaseUrl(),
      options: `-c search_path=${world.testApp.config.database.schema}`,
    });
    await db.connect();
    const person: Record<string, string> = {};
    for (const [key, external] of Object.entries({
      'pupil:4-1': 'demo:person:pupil-4-1',
      'pupil:4-7': 'demo:person:pupil-4-7',
      'pupil:4-8': 'demo:person:pupil-4-8',
      'pupil:5-1': 'demo:person:pupil-5-1',
      'pupil:7-1': 'demo:person:pupil-7-1',
      'pupil:8-1': 'demo:person:pupil-8-1',
      'pupil:8-2': 'demo:person:pupil-8-2',
      'guardian:own': DEMO_ACCOUNTS.vardnadshavare,
      'guardian:other': 'demo:person:guardian-8-1-1',
      // The other guardian of pupil 4-1 (the demo guardian's child).
      'guardian:partner': 'demo:person:guardian-4-1-1',
    })) {
      person[key] = await world.personId(external);
    }
    await Promise.all(ROLES.map(async (role) => callers.set(role, await newCaller(role))));

    // Two pupils of 4A without a plan this year, for the mentor to start one.
    await sql(`delete from plan where period = '2026/27' and pupil_id = any($1::uuid[])`, [
      [person['pupil:4-7'], person['pupil:4-8']],
    ]);

    // 8A's mentor writes and establishes a plan for pupil 8-1, then opens the next draft.
    await sql(
      "update account set password_hash = (select password_hash from account where username = 'admin') where person_id = (select id from person where external_id = 'demo:person:mentor-8')",
    );
    const [mentor8] = await sql(
      "select a.username from account a join person p on p.id = a.person_id where p.external_id = 'demo:person:mentor-8'",
    );
    const other = request.agent(world.testApp.app.getHttpServer());
    otherMentor = other;
    await other
      .post('/api/v1/auth/login')
      .send({ username: mentor8?.username, password: DEMO_PASSWORD })
      .expect(200);
    const otherPlan = (await other.post(`/api/v1/pupils/${person['pupil:8-1']}/plans`).expect(201))
      .body as {
      id: string;
      revision: number;
    };
    const OTHER_PLAN_TEXT = 'Matrisens hemliga plantext om elev 8-1.';
    await other
      .put(`/api/v1/plans/${otherPlan.id}/goals`)
      .send({ revision: otherPlan.revision, goals: [], otherDevelopment: OTHER_PLAN_TEXT })
      .expect(200);
    await other
      .put(`/api/v1/plans/${otherPlan.id}/talk`)
      .send({
        revision: otherPlan.revision + 1,
        date: '2026-11-20',
        participants: ['Eleven', 'Mentor'],
        agreements: OTHER_PLAN_TEXT,
        acknowledgeWarnings: true,
      })
      .expect(200);
    await other
      .post(`/api/v1/plans/${otherPlan.id}/establish`)
      .send({ revision: otherPlan.revision + 2 })
      .expect(200);
    await other.post(`/api/v1/plans/${otherPlan.id}/drafts`).send({}).expect(201);

    const planOf = async (pupil: string, period: string): Promise<string> => {
      const [row] = await sql('select id from plan where pupil_id = $1 and period = $2', [
        pupil,
        period,
      ]);
      return String(row?.id);
    };
    const recordOf = async (planId: string): Promise<{ id: string; number: string }> => {
      const [row] = await sql(
        `select r.id, r.registration_number from plan_version v join public_record r on r.id = v.record_id
          where v.plan_id = $1 order by v.version limit 1`,
        [planId],
      );
      return { id: String(row?.id), number: String(row?.registration_number) };
    };
    const ownEstablished = await planOf(person['pupil:4-1'], '2025/26');
    const ownRecord = await recordOf(ownEstablished);
    const otherRecord = await recordOf(otherPlan.id);

    const group: Record<string, string> = {};
    for (const row of await sql("select id, name from student_group where name in ('4A', '8A')")) {
      group[row.name === '4A' ? 'class:own' : 'class:other'] = String(row.id);
    }
    const units = await sql('select id, name from school_unit');
    const unitId = (name: string) => String(units.find((row) => row.name === name)?.id);

    // A photo for the shared guardian (4A) and one for a guardian in 8A.
    const photo = await sharp({
      create: { width: 40, height: 40, channels: 3, background: { r: 200, g: 120, b: 40 } },
    })
      .jpeg()
      .toBuffer();
    const guardian = callers.get('vardnadshavare')!;
    const uploaded = await upload(guardian, '/profil/bild', 'photo', photo, 'bild.jpg');
    expect(uploaded.status).toBe(303);
    await sql(
      `insert into self_contact (person_id, photo, photo_content_type, photo_updated_at, updated_at, shows_photo)
       select $1, photo, photo_content_type, now(), now(), true from self_contact where person_id = $2`,
      [person['guardian:other'], person['guardian:own']],
    );
    // Both chose to show their photo in their class list (the default shows the name only).
    await sql('update self_contact set shows_photo = true where person_id = $1', [
      person['guardian:own'],
    ]);
    const [storedPhoto] = await sql('select photo from self_contact where person_id = $1', [
      person['guardian:other'],
    ]);

    // The decided electronic demo request is delivered; its code then gives a download link.
    const reviewer = callers.get('granskare')!;
    const [decided] = await sql(
      "select id from records_request where status = 'decided' and delivery = 'electronic'",
    );
    const deliveredId = String(decided?.id);
    await reviewer.agent
      .post(`/api/v1/records-requests/${deliveredId}/deliver`)
      .send({})
      .expect(204);
    const link = await world.testApp
      .http()
      .post('/api/v1/records-requests/status/download-link')
      .set(RECEIPT_CODE_HEADER, DEMO_RECEIPT_CODES.decided)
      .expect(201);
    const token = String(link.body.url).split('/').pop()!;
    const documents = (
      await sql('select id from records_request_document where request_id = $1 order by id', [
        deliveredId,
      ])
    ).map((row) => String(row.id));
    const [foreignRequest] = await sql(
      "select id from records_request where status = 'decided' and delivery = 'paper' order by registration_number limit 1",
    );
    const foreignId = String(foreignRequest?.id);

    // A request per reviewer and channel, about pupil 4-5 (whose one record the first steps find).
    const lifecycle: Record<string, string> = Object.fromEntries(
      await Promise.all(
        (['api', 'page'] as const).flatMap((channel) =>
          REVIEWERS.map(async (role) => {
            const filed = await fileRequestFor(world, 'demo:person:pupil-4-5', {
              description: `Matrisens begäran ${channel}/${role}: alla planer för eleven.`,
              contactName: `Matrisens Begärare ${channel} ${role}`,
              delivery: 'on_site',
            });
            return [`${channel}:${role}`, filed.id] as const;
          }),
        ),
      ),
    );
    const [hold] = await sql('select id from retention_hold where lifted_at is null limit 1');
    const [account] = await sql(
      "select a.id from account a join person p on p.id = a.person_id where p.external_id = 'demo:person:guardian-9-1-1'",
    );
    const imported = await callers
      .get('admin')!
      .agent.post('/api/v1/directory/imports?fileName=matris.csv')
      .set('Content-Type', 'text/csv')
      .send('roll;personnummer;fornamn;efternamn\n')
      .expect(202);

    // Register extracts: the shared guardian's produced, sent and linked; another guardian's
    // produced (to be sent); pupil 8-1's asked for (to be started).
    const admin = callers.get('admin')!;
    const producedExtract = async (personId: string): Promise<string> => {
      const started = await page(admin, 'post', '/admin/registerutdrag', { personId });
      const id = started.location.split('/').pop() ?? '';
      await eventually(async () => {
        const [row] = await sql('select status from register_extract where id = $1', [id]);
        return row?.status === 'ready' ? true : null;
      }, 'a register extract to be produced');
      return id;
    };
    const sentExtract = await producedExtract(person['guardian:own']);
    expect((await page(admin, 'post', `/admin/registerutdrag/${sentExtract}/skickat`)).status).toBe(
      303,
    );
    const linked = await page(guardian, 'post', `/registerutdrag/${sentExtract}/lank`);
    const readyExtract = await producedExtract(person['guardian:other']);
    const [requestedExtract] = await sql(
      `insert into register_extract (id, person_id, asked_by, requested_at, due_on, status)
       values (gen_random_uuid(), $1, 'person', now(), current_date + 30, 'requested') returning id`,
      [person['pupil:8-1']],
    );

    // Free talk times: two of the demo's in 4A, and one made in 8A.
    const freeInFourA = await sql(
      `select s.id from talk_slot s where s.group_id = $1
          and not exists (select 1 from talk_booking b where b.slot_id = s.id)
        order by s.starts_at limit 2`,
      [group['class:own']],
    );
    const [eightA] = await sql(
      `insert into talk_slot (id, group_id, starts_at, minutes, place, published_at)
       values (gen_random_uuid(), $1, now() + interval '20 days', 30, 'Sal 8A', now()) returning id`,
      [group['class:other']],
    );

    fx = {
      person,
      group,
      unit: { north: unitId('Björkängsskolan'), south: unitId('Solbackaskolan') },
      plan: {
        own: await planOf(person['pupil:4-1'], '2026/27'),
        ownEstablished,
        other: otherPlan.id,
      },
      record: {
        own: ownRecord.id,
        other: otherRecord.id,
        ownNumber: ownRecord.number,
        otherNumber: otherRecord.number,
      },
      delivered: { id: deliveredId, code: DEMO_RECEIPT_CODES.decided, token, documents },
      foreign: {
        id: foreignId,
        document: await firstDocument(foreignId),
        item: await anyItem(foreignId),
      },
      lifecycle,
      importId: String(imported.body.id),
      accountId: String(account?.id),
      holdId: String(hold?.id),
      photo,
      failedJob: await failedSystemJob(),
      extract: {
        sent: sentExtract,
        token: linked.location.split('/').pop() ?? '',
        ready: readyExtract,
        requested: String(requestedExtract?.id),
      },
      talkSlot: {
        own: String(freeInFourA[0]?.id),
        withdraw: String(freeInFourA[1]?.id),
        other: String(eightA?.id),
      },
    };

    // What each target must never show to a caller it is refused to.
    const pupilSecrets = async (personId: string): Promise<string[]> => {
      const [row] = await sql(
        'select given_name, family_name, civic_no from person where id = $1',
        [personId],
      );
      const civic = String(row?.civic_no);
      return [
        `${String(row?.given_name)} ${String(row?.family_name)}`,
        civic,
        `${civic.slice(0, 8)}-${civic.slice(8)}`,
      ];
    };
    const requestSecrets = async (id: string): Promise<string[]> => {
      const [row] = await sql(
        'select description, contact_name, pupil_name from records_request where id = $1',
        [id],
      );
      return [row?.description, row?.contact_name, row?.pupil_name].filter(
        (value): value is string => typeof value === 'string' && value.length > 0,
      );
    };
    const documentSecret = async (id: string): Promise<string[]> => {
      const [row] = await sql('select content from records_request_document where id = $1', [id]);
      const content = row?.content as Buffer | undefined;
      // A slice from the middle of the file: a PDF's bytes passed on under another name.
      return content
        ? [content.subarray(content.length >> 1, (content.length >> 1) + 48).toString('latin1')]
        : [];
    };
    for (const key of Object.keys(PROFILE_READERS)) {
      secrets.set(key, await pupilSecrets(person[key]));
    }
    secrets.set('pupil:own', [
      ...(await pupilSecrets(person['pupil:4-7'])),
      ...(await pupilSecrets(person['pupil:4-8'])),
    ]);
    secrets.set('pupil:other', await pupilSecrets(person['pupil:8-2']));
    secrets.set('plan:own', [
      ...(await pupilSecrets(person['pupil:4-1'])),
      'Hjälper gärna klasskamrater och lyssnar på andra.',
    ]);
    secrets.set('plan:other', [...(await pupilSecrets(person['pupil:8-1'])), OTHER_PLAN_TEXT]);
    secrets.set('record:own', await pupilSecrets(person['pupil:4-1']));
    secrets.set('record:other', [...(await pupilSecrets(person['pupil:8-1'])), OTHER_PLAN_TEXT]);
    secrets.set('class:own', await pupilSecrets(person['pupil:4-1']));
    secrets.set('class:other', await pupilSecrets(person['pupil:8-1']));
    const photoSlice = (storedPhoto?.photo as Buffer).subarray(64, 112).toString('latin1');
    secrets.set('photo:own', [photoSlice]);
    secrets.set('photo:other', [photoSlice]);
    secrets.set('photo:foreign', [photoSlice]);
    secrets.set('request:delivered', await requestSecrets(deliveredId));
    secrets.set(
      'request:lifecycle',
      (await Promise.all(Object.values(lifecycle).map(requestSecrets))).flat(),
    );
    secrets.set('document:own', await documentSecret(documents[0]));
    secrets.set('document:foreign', [
      ...(await documentSecret(fx.foreign.document)),
      ...(await requestSecrets(foreignId)),
    ]);
    secrets.set('item:own', await requestSecrets(deliveredId));
    secrets.set('item:foreign', await requestSecrets(foreignId));
    secrets.set('token:other', await documentSecret(documents[0]));
    // The extract is about the shared guardian and their children.
    secrets.set('extract:own', [
      ...(await pupilSecrets(person['guardian:own'])),
      ...(await pupilSecrets(person['pupil:7-1'])),
    ]);
    secrets.set('code:other', await requestSecrets(deliveredId));
    for (const role of ROLES) {
      if (role === 'anonymous') continue;
      const [row] = await sql('select given_name, family_name from person where external_id = $1', [
        DEMO_ACCOUNTS[role],
      ]);
      ownTexts.set(role, [`${String(row?.given_name)} ${String(row?.family_name)}`]);
    }
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await world?.close();
  });

  it('has a cell for every route the app answers', () => {
    const registered = new Set(registeredRoutes(world.testApp.app).map(routeKey));
    const covered = new Set(SPECS.map((spec) => spec.route));
    const missing = [...registered].filter((route) => !covered.has(route));
    const stale = [...covered].filter((route) => !registered.has(route));
    for (const route of missing)
      mismatches.push({ cell: route, problem: 'no entry in the access matrix' });
    for (const route of stale)
      mismatches.push({ cell: route, problem: 'in the matrix but not a route of the app' });

    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(registered.size).toBeGreaterThan(100);
  });

  it('answers every read as the policy says and shows nothing refused', async () => {
    await runAll(
      matrixJobs(
        SPECS.filter((spec) => !spec.writes),
        () => true,
      ),
    );
    await checkRefusalsLeftNoTrace();
    await checkAudited(auditedReads, 'read, yet not audited');
  }, 120_000);

  it('refuses every write it should and leaves no trace of it', async () => {
    const before = await fingerprint();
    // A failed login is audited by design; login cells run with the allowed ones below.
    const writes = SPECS.filter((spec) => spec.writes && spec.route !== 'POST /api/v1/auth/login');
    await runAll(matrixJobs(writes, isRefusal));
    await checkRefusalsLeftNoTrace();
    const after = await fingerprint();
    for (const table of Object.keys(before)) {
      if (before[table] !== after[table]) {
        mismatches.push({ cell: 'the refused writes', problem: `changed table ${table}` });
      }
    }
  }, 120_000);

  it('lets every allowed write through, in order, and audits it', async () => {
    // Within a lane in the order listed (each step finds the state the one before left),
    // lanes a few at once.
    const lanes = new Map<string, { spec: Spec; role: Role; target: string }[]>();
    for (const spec of SPECS.filter((each) => each.writes)) {
      const isLogin = spec.route === 'POST /api/v1/auth/login';
      for (const job of matrixJobs([spec], (cell) => isLogin || !isRefusal(cell))) {
        const lane = spec.lane
          ? `${spec.lane.name}${spec.lane.perRole ? `:${job.role}` : ''}`
          : specName(spec);
        lanes.set(lane, [...(lanes.get(lane) ?? []), job]);
      }
    }
    const queue = [...lanes.values()];
    const lastOnes = queue.filter((lane) => lane.some((job) => job.spec.last));
    const lanesFirst = queue.filter((lane) => !lastOnes.includes(lane));
    const runLanes = (pending: typeof queue) =>
      Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let lane = pending.shift(); lane; lane = pending.shift()) {
            for (const { spec, role, target } of lane) {
              const response = await check(spec, role, target);
              if (!response?.requestId || spec.route === 'POST /api/v1/auth/login') continue;
              if (spec.unaudited || (spec.route === 'POST /logga-ut' && role === 'anonymous'))
                continue;
              allowedWrites.push({
                name: `${role} → ${specName(spec)} → ${target}`,
                requestId: response.requestId,
              });
            }
          }
        }),
      );
    await runLanes(lanesFirst);
    await runLanes(lastOnes);
    await checkAudited(allowedWrites, 'allowed, yet no audit entry (not done?)');
  }, 120_000);

  it('answers eight changes to one plan at once: one saved, the others told of the conflict', async () => {
    // More writers than the app's pool has connections (4 in tests), all waiting on one plan's lock.
    const revision = await revisionOf(fx.plan.other);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        otherMentor
          .put(`/api/v1/plans/${fx.plan.other}/goals`)
          .send({ revision, goals: [], otherDevelopment: `Samtidig ändring ${index}.` }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    cells += statuses.length;
    if (statuses.join() !== '200,409,409,409,409,409,409,409') {
      mismatches.push({
        cell: 'eight writes to one plan',
        problem: `answered ${statuses.join(', ')}`,
      });
    }
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
  }, 120_000);

  it('finds no mismatch and no leak in the whole matrix', () => {
    tally('access', {
      cases: cells,
      failures: mismatches.length,
      note: `${SPECS.length} entries, ${ROLES.length} roles`,
    });
    const table = mismatches.map((m) => `  ${m.cell}\n      ${m.problem}`).join('\n');
    expect(table).toBe('');
  });
});
