import type { NestExpressApplication } from '@nestjs/platform-express';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RegisteredRoute {
  readonly method: Method;
  /** The path as registered, with Express parameters (`/elever/:id`). */
  readonly path: string;
}

interface Layer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
}

/**
 * Every route the running app answers, read from Express's router: what the
 * reliability suite's generated tests are checked against, so a new route
 * cannot be left out of the access matrix, the fuzzing or the CSRF check.
 * Swagger's own routes (`/api/docs…`) are left out; they carry no data.
 */
export function registeredRoutes(app: NestExpressApplication): RegisteredRoute[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes: RegisteredRoute[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      // Swagger UI, and the catch-all that answers unknown paths with 404.
      // (Nest 11 named it {*path}, Nest 12 {/*splat}.)
      if (path.startsWith('/api/docs') || /\{\/?\*/.test(path)) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        const upper = method.toUpperCase();
        if (!on || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) continue;
        routes.push({ method: upper as Method, path });
      }
    }
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
