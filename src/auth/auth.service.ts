import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { DomainError, ErrorCode, RateLimitedError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Account } from './account.entity';
import type { AuthTables } from './auth.entities';
import { AccountQueries } from './account.queries';
import { LoginRateLimiter } from './login-rate-limiter';
import { lockedForMs, lockMinutesAfter, minutesOf } from './login-lockout';
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
   * RateLimited with the time to wait (too many attempts from this address,
   * or the account locked: from this address after LOGIN_MAX_FAILURES wrong
   * passwords here, or everywhere but the person's own addresses after
   * LOGIN_ACCOUNT_MAX_FAILURES from anywhere). Every outcome but a refused
   * address is audited.
   */
  async login(username: string, password: string, context: LoginContext): Promise<string> {
    const address = context.clientAddress;
    const account = await this.accounts.findAccountForLogin(username);
    const canSignIn = account !== null && !account.isDisabled && account.passwordHash !== null;
    // Where the person signed in before, others' guessing neither blocks the address nor
    // locks the account for them.
    const isOwnAddress =
      canSignIn && (await this.rateLimiter.isKnownAddress(account.accountId, address));
    if (!isOwnAddress) {
      const blockedFor = await this.rateLimiter.addressBlockedFor(address);
      if (blockedFor > 0) {
        throw new RateLimitedError(
          `För många misslyckade inloggningsförsök från din adress. Försök igen om ${minutesText(blockedFor)}.`,
          blockedFor,
        );
      }
    }
    const perAddress = this.config.auth;
    const everywhere = {
      maxFailures: this.config.auth.accountMaxFailures,
      lockoutMinutes: this.config.auth.lockoutMinutes,
    };

    if (!canSignIn) {
      // Answered as an account would be, locks included: nothing tells whether it exists.
      const auditFailure = (reason: string) =>
        this.audit.recordNow({
          action: 'auth.login.failed',
          actor: { accountId: account?.accountId ?? null, personId: account?.personId ?? null },
          details: { reason },
        });
      const lockedFor = Math.max(
        await this.rateLimiter.unknownAccountLockedFor(username),
        await this.rateLimiter.lockedHereFor(username, address),
      );
      if (lockedFor > 0) {
        await auditFailure('locked-without-account');
        throw accountLocked(lockedFor);
      }
      await verifyPassword(await decoyPasswordHash(), password);
      const locks = Math.max(
        await this.rateLimiter.registerFailure(username, address, perAddress),
        await this.rateLimiter.registerUnknownAccountFailure(username, everywhere),
      );
      await auditFailure(account ? 'no-password-login' : 'unknown-username');
      if (locks > 0) {
        throw accountLocked(locks);
      }
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }

    const now = new Date();
    const actor = { accountId: account.accountId, personId: account.personId };
    const lockedEverywhereFor = isOwnAddress ? 0 : lockedForMs(account, now);
    const lockedHereFor = await this.rateLimiter.lockedHereFor(username, address);
    if (lockedEverywhereFor > 0 || lockedHereFor > 0) {
      await this.audit.recordNow({
        action: 'auth.login.refused',
        actor,
        details: { reason: lockedHereFor > 0 ? 'locked-from-address' : 'locked' },
      });
      throw accountLocked(Math.max(lockedEverywhereFor, lockedHereFor));
    }

    if (!(await verifyPassword(account.passwordHash, password))) {
      const lockHere = await this.rateLimiter.registerFailure(username, address, perAddress);
      const lockEverywhere = await this.em.fork().transactional(async (em) => {
        const kysely = em.getKysely<AuthTables>();
        // Counted in the statement: attempts at once from many addresses each count.
        const counted = await kysely
          .updateTable('account')
          .set((eb) => ({
            failed_login_count: eb('failed_login_count', '+', 1),
            updated_at: now,
          }))
          .where('id', '=', account.accountId)
          .returning('failed_login_count')
          .executeTakeFirstOrThrow();
        const minutes = lockMinutesAfter(counted.failed_login_count, everywhere);
        if (minutes > 0) {
          await kysely
            .updateTable('account')
            .set({ locked_until: new Date(now.getTime() + minutes * 60_000) })
            .where('id', '=', account.accountId)
            .execute();
        }
        await this.audit.record(em, {
          action: lockHere > 0 || minutes > 0 ? 'auth.account.locked' : 'auth.login.failed',
          actor,
          details: {
            reason: 'wrong-password',
            ...(lockHere > 0 ? { lockedFromAddressMinutes: lockHere / 60_000 } : {}),
            ...(minutes > 0 ? { lockedEverywhereMinutes: minutes } : {}),
          },
        });
        return minutes * 60_000;
      });
      const locked = Math.max(lockHere, isOwnAddress ? 0 : lockEverywhere);
      if (locked > 0) {
        throw accountLocked(locked);
      }
      throw new DomainError(ErrorCode.Unauthenticated, WRONG_CREDENTIALS);
    }

    const rehash = needsRehash(account.passwordHash) ? await hashPassword(password) : null;
    await this.em.fork().transactional(async (em) => {
      await em.nativeUpdate(
        Account,
        { id: account.accountId },
        {
          failedLoginCount: 0,
          lockedUntil: null,
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
    await this.rateLimiter.registerSuccess(account.accountId, username, address);
    return account.accountId;
  }

  async recordLogout(accountId: string, personId: string): Promise<void> {
    await this.audit.recordNow({
      action: 'auth.logout',
      actor: { accountId, personId },
    });
  }
}

function accountLocked(ms: number): RateLimitedError {
  return new RateLimitedError(
    `Kontot är tillfälligt låst efter för många felaktiga försök. Försök igen om ${minutesText(ms)}.`,
    ms,
  );
}

function minutesText(ms: number): string {
  const minutes = minutesOf(ms);
  return `${minutes} ${minutes === 1 ? 'minut' : 'minuter'}`;
}
