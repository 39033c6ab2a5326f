import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { canPerform } from '../../auth/access-policy';
import { DomainError, ErrorCode, NotFoundError } from '../../common/errors/domain-error';

/**
 * The route guard of the queue view, for bull-board's page, assets and API
 * alike (an Express sub-application, where Nest's guards do not reach): the
 * access policy's `queues.view`. As on every other page: without a session the
 * login page (the API under it: 401), without the right "not found".
 *
 * Cross-site writes are stopped before this, as for the JSON API
 * (HttpSession: its API, `/admin/koer/api/`, refuses form bodies and any write
 * a browser marks as coming from another site), and the API has no POST at
 * all: a form elsewhere cannot run a job again.
 */
@Injectable()
export class QueueBoardAccess implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const actor = request.actor;
    if (!actor) {
      throw new DomainError(ErrorCode.Unauthenticated, 'Du behöver logga in.');
    }
    if (!canPerform(actor, 'queues.view')) {
      throw new NotFoundError();
    }
    next();
  }
}
