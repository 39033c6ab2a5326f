import { BULL_BOARD_ADAPTER } from '@bull-board/nestjs';
import type { NestExpressApplication } from '@nestjs/platform-express';

import type { QueueBoardAdapter } from '../../src/web/queue-board/queue-board.adapter';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RegisteredRoute {
  readonly method: Method;
  /** The path as registered, with Express parameters (`/elever/:id`). */
  readonly path: string;
}

interface Layer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
  /** A mounted router: its own layers (router 2 keeps the mount path as `rawPath`). */
  readonly handle?: { readonly stack?: Layer[] };
  readonly rawPath?: unknown;
}

/**
 * Every route the running app answers, read from Express's router: what the
 * reliability suite's generated tests are checked against, so a new route
 * cannot be left out of the access matrix, the fuzzing or the CSRF check.
 * Swagger's own routes (`/api/docs…`) are left out; they carry no data. The
 * queue view's routes (bull-board, an Express sub-application Nest mounts as
 * middleware at /admin/koer) are read from that sub-application's router.
 */
export function registeredRoutes(app: NestExpressApplication): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes: RegisteredRoute[] = [...routesOf(express.router.stack, '')];
  const board = queueBoard(app);
  if (board) {
    const subApp = board.subApplication as unknown as { router: { stack: Layer[] } };
    routes.push(...routesOf(subApp.router.stack, board.mountPath));
  }
  const seen = new Set<string>();
  return routes
    .filter((route) => {
      const key = routeKey(route);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => routeKey(a).localeCompare(routeKey(b)));
}

export function routeKey(route: RegisteredRoute): string {
  return `${route.method} ${route.path}`;
}

/** True for routes that change state (CSRF, fuzzing of bodies). */
export function changesState(route: RegisteredRoute): boolean {
  return route.method !== 'GET';
}

function* routesOf(stack: readonly Layer[], prefix: string): Generator<RegisteredRoute> {
  for (const layer of stack) {
    if (!layer.route) {
      if (Array.isArray(layer.handle?.stack)) {
        const mount =
          typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        yield* routesOf(layer.handle.stack, `${prefix}${mount}`);
      }
      continue;
    }
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      // Swagger UI, and the catch-all that answers unknown paths with 404.
      // (Nest 11 named it {*path}, Nest 12 {/*splat}.)
      if (path.startsWith('/api/docs') || /\{\/?\*/.test(path)) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        const upper = method.toUpperCase();
        if (!on || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) continue;
        yield {
          method: upper as Method,
          path: prefix && path === '/' ? prefix : `${prefix}${path}`,
        };
      }
    }
  }
}

/** The queue view's adapter, in an app that serves it. */
function queueBoard(app: NestExpressApplication): QueueBoardAdapter | undefined {
  try {
    return app.get<QueueBoardAdapter>(BULL_BOARD_ADAPTER, { strict: false });
  } catch {
    return undefined;
  }
}
