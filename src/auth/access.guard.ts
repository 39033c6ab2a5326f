import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiCookieAuth } from '@nestjs/swagger';
import type { Request } from 'express';

import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { ApiErrors } from '../common/http/api-docs';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { canPerform, PolicySettings, SystemAction } from './access-policy';
import type { Actor } from './actor';
import { SecurityEvents } from './security-events';

const REQUIREMENT = 'iup:access-requirement';

type Requirement =
  { readonly kind: 'login' } | { readonly kind: 'permission'; readonly action: SystemAction };

/** The OpenAPI security scheme of the session cookie (`SESSION_COOKIE`, set by the login). */
export const SESSION_SECURITY_SCHEME = 'session';

/**
 * The route needs a signed-in user (pages redirect to the login page, the API answers 401).
 * Its OpenAPI operation says so: the session cookie and the 401.
 */
export const RequiresLogin = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUIREMENT, { kind: 'login' } satisfies Requirement),
    ApiCookieAuth(SESSION_SECURITY_SCHEME),
    ApiErrors(401),
  );

/**
 * The route needs a signed-in user whom the access policy allows `action`; others get 404.
 * Its OpenAPI operation says so: the session cookie, the 401 and the 404.
 */
export const RequiresPermission = (action: SystemAction): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(REQUIREMENT, { kind: 'permission', action } satisfies Requirement),
    ApiCookieAuth(SESSION_SECURITY_SCHEME),
    ApiErrors(401, 404),
  );

/** The access policy's settings, from the service's. */
export function policySettings(config: AppConfig): PolicySettings {
  return { registerExtractRole: config.registerExtract.role };
}

/**
 * The route guard of the two authorization layers; per-pupil checks happen in the services.
 * A signed-in user refused a permission is recorded as a security event (the answer is the
 * same 404).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly securityEvents: SecurityEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<Requirement | undefined>(REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!requirement) {
      return true;
    }
    const request = context.switchToHttp().getRequest<Request>();
    const actor = request.actor;
    if (!actor) {
      throw new DomainError(ErrorCode.Unauthenticated, 'Du behöver logga in.');
    }
    if (
      requirement.kind === 'permission' &&
      !canPerform(actor, requirement.action, policySettings(this.config))
    ) {
      // The route, not the URL: ids in a path are the caller's, and the pattern says what it is.
      const route = (request.route as { path?: unknown } | undefined)?.path;
      await this.securityEvents.recordRefusal(actor, {
        action: requirement.action,
        targetType: 'route',
        targetId: `${request.method} ${typeof route === 'string' ? route : request.path}`,
      });
      throw new NotFoundError();
    }
    return true;
  }
}

/** The signed-in user; only on routes guarded by RequiresLogin or RequiresPermission. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<Request>().actor;
  if (!actor) {
    throw new DomainError(ErrorCode.Unauthenticated, 'Du behöver logga in.');
  }
  return actor;
});

/** The signed-in user or undefined, on public routes. */
export const OptionalActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor | undefined =>
    context.switchToHttp().getRequest<Request>().actor,
);
