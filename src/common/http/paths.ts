/** The JSON API's prefix; its OpenAPI description is served at /api/docs. */
export const API_PREFIX = 'api/v1';

/** The queue view for administrators (bull-board): its page, its assets and its own JSON API. */
export const QUEUE_BOARD_PATH = '/admin/koer';

export function isQueueBoardPath(path: string): boolean {
  return path === QUEUE_BOARD_PATH || path.startsWith(`${QUEUE_BOARD_PATH}/`);
}

/**
 * Paths answered as JSON and protected as the API is (src/auth/http-session.ts):
 * the JSON API, and the queue view's own API under `/admin/koer/api/`, which
 * its page calls with fetch.
 */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith(`${QUEUE_BOARD_PATH}/api/`);
}

export function isHealthPath(path: string): boolean {
  return path.startsWith('/health/');
}

/** Only paths on this site: never `//host` or `https://…` (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}
