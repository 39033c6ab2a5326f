import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { canPerform, SystemAction } from './access-policy';
import type { Actor } from './actor';

const REQUIREMENT = 'iup:access-requirement';

type Requirement =
  { readonly kind: 'login' } | { readonly kind: 'permission'; readonly action: SystemAction };

/** The route needs a signed-in user (pages redirect to the login page, the API answers 401). */
export const RequiresLogin = (): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIREMENT, { kind: 'login' } satisfies Requirement);

/** The route needs a signed-in user whom the access policy allows `action`; others get 404. */
export const RequiresPermission = (action: SystemAction): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIREMENT, { kind: 'permission', action } satisfies Requirement);

/** The route guard of the two authorization layers; per-pupil checks happen in the services. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const requirement = this.reflector.getAllAndOverride<Requirement | undefined>(REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!requirement) {
      return true;
    }
    const actor = context.switchToHttp().getRequest<Request>().actor;
    if (!actor) {
      throw new DomainError(ErrorCode.Unauthenticated, 'Du behöver logga in.');
    }
    if (requirement.kind === 'permission' && !canPerform(actor, requirement.action)) {
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
