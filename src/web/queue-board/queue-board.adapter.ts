import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { BaseAdapter } from '@bull-board/api/baseAdapter';
import type {
  AppControllerRoute,
  AppViewRoute,
  BullBoardQueues,
  QueueJob,
} from '@bull-board/api/typings/app';
import { ExpressAdapter } from '@bull-board/express';
import { Router } from 'express';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';

import type { AuditEvent } from '../../audit/audit-event';
import { auditActor } from '../../auth/actor';
import { DomainError, ErrorCode, NotFoundError } from '../../common/errors/domain-error';

/**
 * What the queue view may do through bull-board's API: read (the queues and
 * their counts, jobs, logs, schedulers) and run failed jobs again. Nothing
 * else is routed, so adding, editing, promoting, cleaning, emptying, pausing
 * or obliterating answers 404: a job carries the ids of work the service
 * itself decided on, and only the service makes or removes jobs. A route a
 * newer bull-board adds stays out until it is listed here.
 */
export const QUEUE_BOARD_API = [
  'get /api/redis/stats',
  'get /api/queues',
  'get /api/job-schedulers',
  'get /api/queues/:queueName/metrics',
  'get /api/queues/:queueName/default-job-options',
  'get /api/queues/:queueName/workers',
  'get /api/queues/:queueName/rate-limit',
  'get /api/queues/:queueName/job-data-schema',
  'get /api/queues/:queueName/:jobId/logs',
  'get /api/queues/:queueName/:jobId/flow',
  'get /api/queues/:queueName/:jobId',
  'put /api/queues/:queueName/retry/:queueStatus',
  'put /api/queues/:queueName/:jobId/retry',
] as const;

const RETRY_ALL = '/api/queues/:queueName/retry/:queueStatus';
const RETRY_ONE = '/api/queues/:queueName/:jobId/retry';

const NOT_FOUND = 'Kön eller jobbet finns inte.';
const ONLY_FAILED =
  'Bara misslyckade jobb kan köras om här; ett jobb som redan har gått igenom körs inte en gång till.';

type Method = 'get' | 'put';

/** Writes an audit entry for what an administrator did in the queue view. */
export type QueueBoardAudit = (event: AuditEvent) => Promise<void>;

/**
 * bull-board's Express adapter, narrowed for this service:
 *
 * - the API serves the routes in QUEUE_BOARD_API only; retrying is for failed
 *   jobs only (bull-board itself would re-run a completed job: an e-mail sent
 *   twice), and every retry is audited with who did it;
 * - failures answer in the service's error shape with a Swedish message
 *   (they go to the one ErrorFilter), not bull-board's own;
 * - the page is ours: Swedish title, no inline script or style, no fonts from
 *   another site; it loads bull-board's own bundle from `static/`, and an
 *   unknown queue or job is not found. Opening it is audited;
 * - no `X-Powered-By` from bull-board's Express sub-application.
 *
 * Who may use it at all is decided before (QueueBoardAccess, the access policy).
 */
export class QueueBoardAdapter extends ExpressAdapter {
  private audit: QueueBoardAudit = () => Promise.resolve();

  constructor() {
    super();
    this.app.disable('x-powered-by');
  }

  /** Set by QueueBoardModule, which has the audit service. */
  recordWith(audit: QueueBoardAudit): void {
    this.audit = audit;
  }

  /** The sub-application's base path (e.g. `/admin/koer`), for the route listings of the tests. */
  get mountPath(): string {
    return this.basePath;
  }

  /** bull-board's Express sub-application itself (its routes, for the route listings). */
  get subApplication(): Express {
    return this.app;
  }

  /**
   * What Nest mounts. Express gives a request entering a sub-application that
   * application's prototypes (`req.app`, its view engine) and puts the parent's
   * back only when the sub-application is mounted with `app.use`; Nest calls it
   * as a middleware instead. So this does what Express would: whatever leaves
   * the queue view unanswered (an unknown path, an error) reaches the service's
   * own 404 and ErrorFilter as the service's request, and gets its page.
   */
  override getRouter(): RequestHandler {
    const subApplication = this.app;
    return (request: Request, response: Response, next: NextFunction) => {
      const requestPrototype = Object.getPrototypeOf(request) as object;
      const responsePrototype = Object.getPrototypeOf(response) as object;
      subApplication(request, response, (error?: unknown) => {
        Object.setPrototypeOf(request, requestPrototype);
        Object.setPrototypeOf(response, responsePrototype);
        next(error);
      });
    };
  }

  override setApiRoutes(routes: AppControllerRoute[]): ExpressAdapter {
    const router = Router();
    for (const route of routes) {
      const methods = (Array.isArray(route.method) ? route.method : [route.method]) as string[];
      const paths = Array.isArray(route.route) ? route.route : [route.route];
      for (const method of methods) {
        for (const path of paths) {
          if (!(QUEUE_BOARD_API as readonly string[]).includes(`${method} ${path}`)) continue;
          router[method as Method](
            path,
            (request: Request, response: Response, next: NextFunction) => {
              this.answer(route, path, request, response).catch(next);
            },
          );
        }
      }
    }
    this.app.use(router);
    return this;
  }

  override setEntryRoute(routeDef: AppViewRoute): ExpressAdapter {
    this.app.get(routeDef.route, (request: Request, response: Response, next: NextFunction) => {
      this.showPage(request, response).catch(next);
    });
    return this;
  }

  private get queues(): BullBoardQueues {
    if (!this.bullBoardQueues) throw new Error('The queue view has no queues yet');
    return this.bullBoardQueues;
  }

  private async answer(
    route: AppControllerRoute,
    path: string,
    request: Request,
    response: Response,
  ): Promise<void> {
    const params = request.params as Record<string, string>;
    // An unknown queue or job is not found, whatever bull-board's handler would say (its log
    // of a job that is not there is an empty list).
    const queue = params.queueName === undefined ? undefined : this.queues.get(params.queueName);
    if (params.queueName !== undefined && !queue) throw new NotFoundError(NOT_FOUND);
    const job = params.jobId === undefined ? undefined : await this.findJob(params.jobId, queue);
    if (path === RETRY_ALL && params.queueStatus !== 'failed') {
      throw new DomainError(ErrorCode.ValidationFailed, ONLY_FAILED);
    }
    if (path === RETRY_ONE && (await job?.getState()) !== 'failed') {
      throw new DomainError(ErrorCode.ValidationFailed, ONLY_FAILED);
    }
    const result = await route.handler({
      queues: this.queues,
      uiConfig: this.uiConfig,
      // bull-board's handlers take the request as loose records (its own BullBoardRequest type).
      query: request.query as Record<string, unknown>,
      params,
      body: (request.body as Record<string, unknown> | undefined) ?? {},
      headers: request.headers as Record<string, string | undefined>,
    });
    const status = result.status ?? 200;
    if (status >= 400) {
      throw boardError(status);
    }
    if (path === RETRY_ALL || path === RETRY_ONE) {
      const retried = (result.body as { retried?: unknown } | undefined)?.retried;
      await this.record(request, path === RETRY_ONE ? 'queue.job.retried' : 'queue.jobs.retried', {
        queue: params.queueName ?? null,
        jobId: params.jobId ?? null,
        ...(typeof retried === 'number' ? { retried } : {}),
      });
    }
    response.status(status).json(result.body);
  }

  private async showPage(request: Request, response: Response): Promise<void> {
    const { queueName, jobId } = request.params as { queueName?: string; jobId?: string };
    if (queueName !== undefined) {
      const queue = this.queues.get(queueName);
      if (!queue) throw new NotFoundError(NOT_FOUND);
      if (jobId !== undefined) await this.findJob(jobId, queue);
    }
    await this.record(request, 'queue.board.viewed', {
      queue: queueName ?? null,
      jobId: jobId ?? null,
    });
    response
      .status(200)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(entryPage(this.basePath, this.uiConfig));
  }

  /**
   * The job, or "not found". Ours have uuids and short names for ids: one with control
   * characters (PostgreSQL cannot even compare text with NUL) or of any length is not looked up.
   */
  private async findJob(jobId: string, queue: BaseAdapter | undefined): Promise<QueueJob> {
    if (jobId.length > 200 || /\p{Cc}/u.test(jobId)) {
      throw new NotFoundError(NOT_FOUND);
    }
    const job = await queue?.getJob(jobId);
    if (!job) throw new NotFoundError(NOT_FOUND);
    return job;
  }

  private async record(
    request: Request,
    action: string,
    details: Readonly<Record<string, string | number | null>>,
  ): Promise<void> {
    const actor = request.actor;
    if (!actor) return; // never: QueueBoardAccess lets no one without a session through
    await this.audit({
      action,
      actor: auditActor(actor),
      targetType: details.queue === null ? null : 'queue',
      targetId: typeof details.queue === 'string' ? details.queue : null,
      details,
    });
  }
}

function boardError(status: number): Error {
  switch (status) {
    case 404:
      return new NotFoundError(NOT_FOUND);
    case 400:
      return new DomainError(ErrorCode.ValidationFailed, 'Frågan till kövyn var felaktig.');
    default:
      return new Error(`The queue view's handler answered ${status}`);
  }
}

/** bull-board's stylesheet and scripts, named as its build named them (hashed file names). */
function bundleTags(): { styles: string[]; scripts: string[] } {
  const ui = dirname(require.resolve('@bull-board/ui/package.json'));
  const template = readFileSync(join(ui, 'dist', 'index.ejs'), 'utf8');
  const styles = [
    ...template.matchAll(/<link href="(static\/css\/[^"]+\.css)" rel="stylesheet">/g),
  ];
  const scripts = [...template.matchAll(/<script defer src="(static\/js\/[^"]+\.js)"><\/script>/g)];
  if (styles.length === 0 || scripts.length === 0) {
    throw new Error(`bull-board's page template changed: no bundle found in ${ui}/dist/index.ejs`);
  }
  return {
    styles: styles.map((match) => match[1] ?? ''),
    scripts: scripts.map((match) => match[1] ?? ''),
  };
}

let bundle: { styles: string[]; scripts: string[] } | undefined;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The queue view's page. bull-board's UI reads its settings from the text of
 * the element `#__UI_CONFIG__`; a hidden element holds them here (as text,
 * escaped), so the page has no inline script for the CSP to allow.
 */
function entryPage(basePath: string, uiConfig: object): string {
  bundle ??= bundleTags();
  const base = basePath.endsWith('/') ? basePath : `${basePath}/`;
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<base href="${escapeHtml(base)}">
<title>Köer och jobb – iup-records</title>
<link rel="icon" type="image/png" href="static/favicon-32x32.png">
${bundle.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n')}
</head>
<body>
<div id="__UI_CONFIG__" hidden>${escapeHtml(JSON.stringify(uiConfig))}</div>
<div id="root"><p>Kövyn laddas …</p><noscript><p>Kövyn behöver JavaScript. <a href="/">Till startsidan</a></p></noscript></div>
${bundle.scripts.map((src) => `<script defer src="${escapeHtml(src)}"></script>`).join('\n')}
</body>
</html>
`;
}
