import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request } from 'express';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';

import { AuditService } from '../audit/audit.service';
import { AccessRefusedError, type AccessRefusal } from '../common/errors/domain-error';
import { correlationId } from '../common/request-context';
import { type Actor, auditActor } from './actor';

/**
 * Security events: a signed-in user asked for what the access policy does
 * not let them see or do. The caller is told "not found" as always; the
 * refusal is written as a warning to the log and as an entry on the audit
 * chain (`security.access.refused`), with ids only — who, which action, on
 * what — never names or content.
 */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('SecurityEvents');

  constructor(private readonly audit: AuditService) {}

  async recordRefusal(actor: Actor, refusal: AccessRefusal): Promise<void> {
    this.logger.warn(
      {
        securityEvent: 'access.refused',
        actorAccountId: actor.accountId,
        actorPersonId: actor.personId,
        action: refusal.action,
        targetType: refusal.targetType,
        targetId: refusal.targetId,
        correlationId: correlationId(),
      },
      'Access refused by the access policy',
    );
    try {
      await this.audit.recordNow({
        action: 'security.access.refused',
        actor: auditActor(actor),
        pupilId: refusal.pupilId ?? null,
        targetType: refusal.targetType,
        targetId: refusal.targetId,
        details: { action: refusal.action },
      });
    } catch (error) {
      // The caller still gets the same "not found"; the warning above is the trace then.
      this.logger.error(
        { err: error, correlationId: correlationId() },
        'Security event not audited',
      );
    }
  }
}

/**
 * Catches the policy's refusals that services throw (`AccessRefusedError`)
 * on their way to the error filter, and records them for a signed-in user.
 * The error goes on unchanged, so the answer is the same 404.
 */
@Injectable()
export class SecurityEventsInterceptor implements NestInterceptor {
  constructor(private readonly events: SecurityEvents) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const actor = context.switchToHttp().getRequest<Request>().actor;
        if (!(error instanceof AccessRefusedError) || !actor) {
          return throwError(() => error);
        }
        return from(this.events.recordRefusal(actor, error.refusal)).pipe(
          mergeMap(() => throwError(() => error)),
        );
      }),
    );
  }
}
