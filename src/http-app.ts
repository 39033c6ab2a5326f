import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

import { HttpSession } from './auth/http-session';
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
  app.disable('x-powered-by');
  const pageHeaders = securityHeaders({ allowInlineStyles: false });
  // Swagger UI sets inline styles; its scripts are still files from 'self'.
  const apiDocsHeaders = securityHeaders({ allowInlineStyles: true });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (request.path.startsWith('/api/docs') ? apiDocsHeaders : pageHeaders)(request, response, next),
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

  const openApi = new DocumentBuilder()
    .setTitle('iup-records API')
    .setDescription(
      'IUP plans and requests for public records (allmänna handlingar) for Sektor Lärande. ' +
        'Errors always have the shape { error: { status, code, message, fields, requestId } }.',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs/openapi.json',
    customSiteTitle: 'iup-records API',
  });
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
