import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';

import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { isApiPath } from '../common/http/paths';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { Actor } from './actor';
import { ActorLoader } from './actor-loader';
import { csrf, formExpired } from './csrf';
import { SESSION_STORE, type SessionStore } from './session-store';

export const SESSION_COOKIE = 'iup.sid';

/**
 * Sessions, CSRF and the signed-in user for every HTTP request:
 * - express-session with its store in PostgreSQL (connect-pg-simple), or in
 *   Redis (connect-redis) when REDIS_URL is set; cookie
 *   HttpOnly, SameSite=Lax, Secure when the service is reached over HTTPS;
 * - csrf-sync (synchronizer token in the session) on every state-changing
 *   page request; the JSON API refuses the content types a cross-site form
 *   can send, and any write a browser marks as sent from another site
 *   (Sec-Fetch-Site), so a page elsewhere cannot post to it either;
 * - `req.actor` from the session's account, re-read from the directory on
 *   every request so a removed duty or disabled account takes effect at once.
 */
@Injectable()
export class HttpSession implements OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SESSION_STORE) private readonly sessionStore: SessionStore,
    private readonly actors: ActorLoader,
  ) {}

  /** Where sessions are kept: `redis` when REDIS_URL is set, else `postgres`. */
  get storeKind(): 'redis' | 'postgres' {
    return this.sessionStore.kind;
  }

  /** The middlewares, in order, for configureHttpApp. */
  handlers(): RequestHandler[] {
    return [
      session({
        name: SESSION_COOKIE,
        secret: this.config.auth.sessionSecret,
        store: this.sessionStore.store,
        resave: false,
        saveUninitialized: false,
        rolling: true,
        proxy: this.config.auth.trustProxyHops > 0,
        cookie: {
          httpOnly: true,
          sameSite: 'lax',
          secure: this.config.auth.secureCookies,
          maxAge: this.config.auth.sessionIdleMinutes * 60_000,
        },
      }),
      (request, response, next) => this.protectFromCrossSiteRequests(request, response, next),
      (request, response, next) => {
        this.attachActor(request).then(() => next(), next);
      },
    ];
  }

  /** The token a page's forms carry in `_csrf`. */
  csrfToken(request: Request): string {
    return csrf.generateToken(request);
  }

  /** Starts a fresh session for a user who has just signed in (no session fixation). */
  async signIn(request: Request, accountId: string): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      request.session.regenerate((error?: unknown) => (error ? reject(toError(error)) : resolve())),
    );
    request.session.accountId = accountId;
    await new Promise<void>((resolve, reject) =>
      request.session.save((error?: unknown) => (error ? reject(toError(error)) : resolve())),
    );
  }

  /** The signed-in user of a session that was established during this request. */
  async reloadActor(request: Request): Promise<Actor> {
    await this.attachActor(request);
    if (!request.actor) {
      throw new DomainError(ErrorCode.Unauthenticated, 'Du behöver logga in.');
    }
    return request.actor;
  }

  async signOut(request: Request, response: Response): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      request.session.destroy((error?: unknown) => (error ? reject(toError(error)) : resolve())),
    );
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  private protectFromCrossSiteRequests(
    request: Request,
    response: Response,
    next: NextFunction,
  ): void {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      next();
      return;
    }
    if (isApiPath(request.path)) {
      // A bodyless fetch() from another page has no content type to refuse, and SameSite=Lax
      // keeps the cookie only from other sites, not from the rest of the municipality's domain;
      // the browser says where such a request comes from.
      const site = request.get('sec-fetch-site');
      if (site === 'cross-site' || site === 'same-site') {
        next(
          new DomainError(
            ErrorCode.Forbidden,
            'API:t tar inte emot anrop från sidor på andra webbplatser.',
          ),
        );
        return;
      }
      // Cross-site forms can only send these; the API never accepts them.
      if (request.is(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'])) {
        next(
          new DomainError(
            ErrorCode.ValidationFailed,
            'API:t tar emot JSON (eller CSV där det anges), inte formulärdata.',
          ),
        );
        return;
      }
      next();
      return;
    }
    // A form that sends a file (multipart, no script to set the header): its token is in the
    // body, which only the route's upload handling reads. The route checks it then
    // (`PageUpload`); a route without that refuses it (`UploadCsrfGuard`). A session without a
    // token can never pass: refused here, before any body is read.
    if (
      request.is('multipart/form-data') &&
      request.get('x-csrf-token') === undefined &&
      typeof request.session?.csrfToken === 'string'
    ) {
      request.csrfAfterUpload = true;
      next();
      return;
    }
    csrf.csrfSynchronisedProtection(request, response, (error?: unknown) => {
      next(error ? formExpired() : undefined);
    });
  }

  private async attachActor(request: Request): Promise<void> {
    const accountId = request.session?.accountId;
    if (!accountId) {
      return;
    }
    const actor = await this.actors.loadActor(accountId);
    if (actor) {
      request.actor = actor;
    } else {
      delete request.session.accountId;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sessionStore.close();
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
