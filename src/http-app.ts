import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

import { SESSION_SECURITY_SCHEME } from './auth/access.guard';
import { HttpSession, SESSION_COOKIE } from './auth/http-session';
import { documentMiddlewareErrors } from './common/http/api-docs';
import { ErrorResponse } from './common/http/error-response.dto';
import { httpMetrics } from './common/metrics/http-metrics';
import { Metrics } from './common/metrics/metrics';
import { isQueueBoardPath } from './common/http/paths';
import { requestContextMiddleware } from './common/request-context';
import { MAX_IMPORT_BYTES } from './directory/directory-import.service';
import type { AppConfig } from './config/app-config';
import { configureViews, serveStaticAssets } from './web/views';

/**
 * Everything an HTTP-serving Nest application needs beyond its modules. The
 * service and the e2e tests both call this, so tests exercise the real stack.
 */
export function configureHttpApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  if (config.auth.trustProxyHops > 0) {
    app.set('trust proxy', config.auth.trustProxyHops);
  }
  // First: the request id, and the request context that carries it as correlation id.
  app.use(requestContextMiddleware());
  // Then the request's duration, by route, for /metrics (src/common/metrics/http-metrics.ts).
  app.use(httpMetrics(app.get(Metrics)));
  app.disable('x-powered-by');
  const pageHeaders = securityHeaders({ allowInlineStyles: false });
  // Swagger UI and the queue view (bull-board) set inline styles; their scripts are still files
  // from 'self'.
  const apiDocsHeaders = securityHeaders({ allowInlineStyles: true });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (request.path.startsWith('/api/docs') || isQueueBoardPath(request.path)
      ? apiDocsHeaders
      : pageHeaders)(request, response, next),
  );
  // Import files are posted as the body itself and may be large; only that route takes them.
  app.use(
    '/api/v1/directory/imports',
    raw({ type: ['application/json', 'text/csv'], limit: MAX_IMPORT_BYTES }),
  );
  serveStaticAssets(app, config);
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  const sessions = app.get(HttpSession);
  for (const handler of sessions.handlers()) {
    app.use(handler);
  }
  app.use((request: Request, response: Response, next: NextFunction) => {
    // Lazily: only pages with a form create a token (and so a session).
    let tokenCreated = false;
    response.locals.csrfToken = () => {
      tokenCreated ||= request.session.csrfToken === undefined;
      return sessions.csrfToken(request);
    };
    // A page that created the token is sent only once the session holding it is saved
    // (express-session would save it after the response), so a quick submit finds it.
    const render = response.render.bind(response);
    response.render = (
      view: string,
      options?: object,
      callback?: (error: Error, html: string) => void,
    ) => {
      if (callback) {
        render(view, options, callback);
        return;
      }
      // As express's own render: a failure goes to the handler in charge now (request.next).
      const fail = (error: unknown) => (request.next ?? next)(error);
      render(view, options, (error: Error | null, html: string) => {
        if (error) {
          fail(error);
        } else if (tokenCreated) {
          request.session.save((saveError?: unknown) =>
            saveError ? fail(saveError) : response.send(html),
          );
        } else {
          response.send(html);
        }
      });
    };
    response.locals.currentUser = request.actor
      ? { name: request.actor.displayName, username: request.actor.username }
      : null;
    response.locals.currentPath = request.path;
    next();
  });
  configureViews(app, config);

  SwaggerModule.setup('api/docs', app, () => buildApiDocument(app), {
    jsonDocumentUrl: 'api/docs/openapi.json',
    customSiteTitle: 'iup-records API',
  });
}

/**
 * The OpenAPI description of the JSON API (served at /api/docs/openapi.json):
 * the session cookie as a security scheme, and the errors that middleware
 * answers added to the operations' own (common/http/api-docs.ts).
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const openApi = new DocumentBuilder()
    .setTitle('iup-records API')
    .setDescription(
      'IUP plans and requests for public records (allmänna handlingar) for Sektor Lärande. ' +
        'Errors always have the shape { error: { status, code, message, fields, requestId } } ' +
        '(the ErrorResponse schema); a 429 says in Retry-After how many seconds to wait. ' +
        `Sign in with POST /api/v1/auth/login: the session is the ${SESSION_COOKIE} cookie. ` +
        'Filing a request takes an Idempotency-Key, so a retry files nothing twice.',
    )
    .setVersion('1')
    .addCookieAuth(
      SESSION_COOKIE,
      {
        type: 'apiKey',
        description: 'The session cookie that POST /api/v1/auth/login sets (HttpOnly).',
      },
      SESSION_SECURITY_SCHEME,
    )
    .build();
  return documentMiddlewareErrors(
    SwaggerModule.createDocument(app, openApi, { extraModels: [ErrorResponse] }),
  );
}

function securityHeaders(options: { allowInlineStyles: boolean }): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: options.allowInlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
  });
}
