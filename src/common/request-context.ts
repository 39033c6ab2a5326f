import type { IncomingMessage, ServerResponse } from 'node:http';

import { CLS_ID, ClsMiddleware, ClsServiceManager } from 'nestjs-cls';
import type { ClsService } from 'nestjs-cls';

import { assignRequestId } from './logging/logger.module';

/*
 * The request context: what belongs to the HTTP request or the job being
 * served, carried along its async calls by AsyncLocalStorage (nestjs-cls)
 * instead of a parameter on every method. It holds the correlation id: the
 * HTTP request's `x-request-id` (the id its log lines and its error body
 * quote, and its audit entries store), or the id a job's audit entries carry.
 * Only this file knows the store's keys.
 */

function contextStore(): ClsService {
  return ClsServiceManager.getClsService();
}

/** The correlation id of the HTTP request or job being served; null outside one (start-up, a CLI). */
export function correlationId(): string | null {
  const context = contextStore();
  if (!context.isActive()) {
    return null;
  }
  // The store is untyped: a context opened without an id has none.
  const id: unknown = context.getId();
  return typeof id === 'string' ? id : null;
}

/**
 * Runs `work` in a context of its own with this correlation id (a job: what
 * its audit entries carry). A context around the call is not seen inside: a
 * job woken from within an HTTP request never takes that request's id.
 */
export function runWithCorrelationId<T>(id: string | null, work: () => T): T {
  return contextStore().runWith(id === null ? {} : { [CLS_ID]: id }, work);
}

/**
 * The HTTP middleware, to be mounted first: assigns the request id (the one
 * pino-http's `genReqId` then finds, so logs and context hold the same value)
 * and runs the rest of the request in a context with it as correlation id.
 */
export function requestContextMiddleware(): (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => Promise<void> {
  const middleware = new ClsMiddleware({
    setup: (context: ClsService, request: IncomingMessage, response: ServerResponse) => {
      context.set(CLS_ID, assignRequestId(request, response));
    },
    // No proxy providers and no plugins are registered.
    resolveProxyProviders: false,
    initializePlugins: false,
  });
  return middleware.use;
}
