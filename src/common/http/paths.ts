/** The JSON API's prefix; its OpenAPI description is served at /api/docs. */
export const API_PREFIX = 'api/v1';

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

export function isHealthPath(path: string): boolean {
  return path.startsWith('/health/');
}

/** Only paths on this site: never `//host` or `https://…` (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}
