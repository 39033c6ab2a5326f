import { Logger } from '@nestjs/common';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, throwError } from 'rxjs';

import type { AuditService } from '../audit/audit.service';
import type { AuditEvent } from '../audit/audit-event';
import { AccessRefusedError, NotFoundError } from '../common/errors/domain-error';
import type { Actor } from './actor';
import { SecurityEvents, SecurityEventsInterceptor } from './security-events';

const actor = {
  accountId: 'a1111111-1111-4111-8111-111111111111',
  personId: 'p2222222-2222-4222-8222-222222222222',
  displayName: 'Maja Mentor',
  username: 'mentor',
  roles: new Set(['mentor']),
} as unknown as Actor;

const refusal = {
  action: 'plan.read',
  targetType: 'plan',
  targetId: 'c3333333-3333-4333-8333-333333333333',
  pupilId: 'd4444444-4444-4444-8444-444444444444',
};

function contextWith(requestActor: Actor | undefined): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => ({ actor: requestActor }) }),
  } as unknown as ExecutionContext;
}

function failingWith(error: unknown): CallHandler {
  return { handle: () => throwError(() => error) };
}

describe('security events', () => {
  const recorded: AuditEvent[] = [];
  const audit = {
    recordNow: (event: AuditEvent) => {
      recorded.push(event);
      return Promise.resolve();
    },
  } as unknown as AuditService;
  let warnings: unknown[][];

  beforeEach(() => {
    recorded.length = 0;
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args);
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('records a refused access on the audit chain and in the log, by ids only', async () => {
    await new SecurityEvents(audit).recordRefusal(actor, refusal);

    expect(recorded).toEqual([
      {
        action: 'security.access.refused',
        actor: { accountId: actor.accountId, personId: actor.personId, roles: ['mentor'] },
        pupilId: refusal.pupilId,
        targetType: 'plan',
        targetId: refusal.targetId,
        details: { action: 'plan.read' },
      },
    ]);
    expect(warnings).toEqual([
      [
        expect.objectContaining({
          securityEvent: 'access.refused',
          actorAccountId: actor.accountId,
          action: 'plan.read',
          targetType: 'plan',
          targetId: refusal.targetId,
        }),
        expect.any(String),
      ],
    ]);
    expect(JSON.stringify([recorded, warnings])).not.toContain('Maja');
  });

  it('lets the refusal through unchanged (the same 404) once it is recorded, for a signed-in user', async () => {
    const interceptor = new SecurityEventsInterceptor(new SecurityEvents(audit));
    const error = new AccessRefusedError('Planen finns inte.', refusal);

    await expect(
      firstValueFrom(interceptor.intercept(contextWith(actor), failingWith(error))),
    ).rejects.toBe(error);
    expect(recorded).toHaveLength(1);
  });

  it('records nothing for a plain "not found", or without a signed-in user', async () => {
    const interceptor = new SecurityEventsInterceptor(new SecurityEvents(audit));
    const missing = new NotFoundError('Planen finns inte.');

    await expect(
      firstValueFrom(interceptor.intercept(contextWith(actor), failingWith(missing))),
    ).rejects.toBe(missing);
    const refused = new AccessRefusedError(undefined, refusal);
    await expect(
      firstValueFrom(interceptor.intercept(contextWith(undefined), failingWith(refused))),
    ).rejects.toBe(refused);
    expect(recorded).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('is answered exactly as "not found"', () => {
    const refused = new AccessRefusedError('Planen finns inte.', refusal);
    const missing = new NotFoundError('Planen finns inte.');

    expect(refused).toBeInstanceOf(NotFoundError);
    expect([refused.code, refused.message, refused.fields]).toEqual([
      missing.code,
      missing.message,
      missing.fields,
    ]);
  });
});
