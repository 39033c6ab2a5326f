import type { NextFunction, Request, RequestHandler, Response } from 'express';

import { QUEUE_BOARD_PATH } from '../http/paths';
import { DURATION_BUCKETS, Metrics } from './metrics';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The route a request was answered by, as registered (`/api/v1/plans/:planId`),
 * never the URL itself: ids, receipt codes and tokens stay out of the labels,
 * and their number stays that of the routes.
 */
export function routeLabel(request: Request): string {
  const route = request.route as { path?: unknown } | undefined;
  // Nest answers unknown paths from a catch-all route (`/{*all}`): not a route of ours.
  if (typeof route?.path === 'string' && !/\{\/?\*/.test(route.path)) {
    return `${request.baseUrl}${route.path}`;
  }
  // Files from a static directory: no route, one label for all of them.
  for (const prefix of ['/static/', `${QUEUE_BOARD_PATH}/static/`]) {
    if (request.originalUrl.startsWith(prefix)) return `${prefix}*`;
  }
  return '(unmatched)';
}

/**
 * `iup_http_request_duration_seconds{method, route, status}`: the time from
 * the first middleware to the last byte of every request the app answers.
 */
export function httpMetrics(metrics: Metrics): RequestHandler {
  const duration = metrics.histogram({
    name: 'iup_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
  });
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      duration.observe(
        {
          method: METHODS.has(request.method) ? request.method : 'OTHER',
          route: routeLabel(request),
          status: String(response.statusCode),
        },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    next();
  };
}
