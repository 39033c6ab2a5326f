import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Account } from './account.entity';
import { AccountQueries } from './account.queries';
import { LoginRateLimiter } from './login-rate-limiter';
import { isLocked, minutesLeft, registerFailure, registerSuccess } from './login-lockout';
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from './passwords';

export interface LoginContext {
  readonly clientAddress: string;
}

const WRONG_CREDENTIALS = 'Fel användarnamn eller lösenord.';

@Injectable()
export class AuthService {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountQueries,
    private readonly audit: AuditService,
    private readonly rateLimiter: LoginRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks a username and password. Returns the account id, or throws
   * Unauthenticated (wrong or unknown: the same answer, in the same time) or
   * RateLimited (too many attempts from this address, or the account is
   * locked after too many wrong passwords in a row). Every outcome is audited.
   */
  async login(username: string, password: string, context: LoginContext): Promise<string> {
    await this.rateLimiter.assertNotBlocked(context.clientAddress);
    const now = new Date();
    const account = await this.accounts.findAccountForLogin(username);

    if (!account || account.isDisabled || account.passwordHash === null) {
      // Answered as an account would be, lockout included: nothing tells whether it exists.
      const key = username.trim().toLowerCase();
      const auditFailure = (reason: string) =>
        this.audit.recordNow({
          action: 'auth.login.failed',
          actor: { accountId: account?.accountId ?? null, personId: account?.personId ?? null },
          details: { reason },
        });
      const lockedFor = await this.rateLimiter.unknownAccountLockedFor(key);
      if (lockedFor > 0) {
        await auditFailure('locked-without-account');
        throw accountLocked(Math.ceil(lockedFor / 60000));
      }
      await verifyPassword(await decoyPasswordHash(), password);
      await this.rateLimiter.registerFailure(context.clientAddress);
      await auditFailure(account ? 'no-password-login' : 'unknown-username');
      const locks = await this.rateLimiter.registerUnknownAccountFailure(key);
      if (locks > 0) {
        throw accountLocked(Math.ceil(locks / 60000));
      }
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }

    const actor = { accountId: account.accountId, personId: account.personId };
    if (isLocked(account, now)) {
      await this.audit.recordNow({
        action: 'auth.login.refused',
        actor,
        details: { reason: 'locked' },
      });
      throw accountLocked(minutesLeft(account, now));
    }

    if (!(await verifyPassword(account.passwordHash, password))) {
      await this.rateLimiter.registerFailure(context.clientAddress);
      const next = registerFailure(account, this.config.auth, now);
      await this.em.fork().transactional(async (em) => {
        await em.nativeUpdate(
          Account,
          { id: account.accountId },
          {
            failedLoginCount: next.failedLoginCount,
            lockedUntil: next.lockedUntil,
            updatedAt: now,
          },
        );
        await this.audit.record(em, {
          action: next.lockedUntil ? 'auth.account.locked' : 'auth.login.failed',
          actor,
          details: { reason: 'wrong-password' },
        });
      });
      if (next.lockedUntil) {
        throw accountLocked(minutesLeft(next, now));
      }
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }

    const rehash = needsRehash(account.passwordHash) ? await hashPassword(password) : null;
    const reset = registerSuccess();
    await this.em.fork().transactional(async (em) => {
      await em.nativeUpdate(
        Account,
        { id: account.accountId },
        {
          failedLoginCount: reset.failedLoginCount,
          lockedUntil: reset.lockedUntil,
          lastLoginAt: now,
          updatedAt: now,
          // A new hash only when the old one's parameters are out of date.
          ...(rehash === null ? {} : { passwordHash: rehash }),
        },
      );
      await this.audit.record(em, {
        action: 'auth.login.succeeded',
        actor,
      });
    });
    return account.accountId;
  }

  async recordLogout(accountId: string, personId: string): Promise<void> {
    await this.audit.recordNow({
      action: 'auth.logout',
      actor: { accountId, personId },
    });
  }
}

function accountLocked(minutes: number): DomainError {
  return new DomainError(
    ErrorCode.RateLimited,
    `Kontot är tillfälligt låst efter för många felaktiga försök. Försök igen om ${minutes} ${
      minutes === 1 ? 'minut' : 'minuter'
    }.`,
  );
}
