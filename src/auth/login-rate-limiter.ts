import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

import { DomainError, ErrorCode } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createPool } from '../database/pg-pool';

const WINDOW_SECONDS = 15 * 60;

function tooManyAttempts(msBeforeNext: number): DomainError {
  const minutes = Math.max(1, Math.ceil(msBeforeNext / 60000));
  return new DomainError(
    ErrorCode.RateLimited,
    `För många misslyckade inloggningsförsök. Försök igen om ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.`,
  );
}

/**
 * Failed login attempts per client address, counted in PostgreSQL so every
 * web process shares the count. Separate from the per-account lockout: this
 * one slows down guessing across many usernames from one address.
 */
@Injectable()
export class LoginRateLimiter implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly limiter: RateLimiterPostgres;
  private readonly unknownAccounts: RateLimiterPostgres;
  private readonly lockoutSeconds: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = createPool('login-rate-limit', { connectionString: config.database.url, max: 2 });
    this.limiter = new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: 'pg',
      schemaName: config.database.schema,
      tableName: 'login_rate_limit',
      tableCreated: true,
      keyPrefix: 'login',
      points: config.auth.loginRateLimit,
      duration: WINDOW_SECONDS,
      clearExpiredByTimeout: false,
    });
    // Wrong passwords in a row for a username with no account to lock: counted as an account's
    // are (no time limit; a lock ends the count), so the lockout tells nobody which usernames exist.
    this.unknownAccounts = new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: 'pg',
      schemaName: config.database.schema,
      tableName: 'login_rate_limit',
      tableCreated: true,
      keyPrefix: 'login-unknown-account',
      points: config.auth.maxFailures,
      duration: 0,
      clearExpiredByTimeout: false,
    });
    this.lockoutSeconds = config.auth.lockoutMinutes * 60;
  }

  /** Milliseconds left of the make-believe lock of a username without an account (0: none). */
  async unknownAccountLockedFor(username: string): Promise<number> {
    const state = await this.unknownAccounts.get(username);
    return state && state.consumedPoints > this.unknownAccounts.points ? state.msBeforeNext : 0;
  }

  /**
   * Counts a failed attempt for a username without an account, and locks it
   * as an account would be locked on the same attempt; returns the
   * milliseconds of the lock it started (0: none).
   */
  async registerUnknownAccountFailure(username: string): Promise<number> {
    let state: RateLimiterRes;
    try {
      state = await this.unknownAccounts.consume(username);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        throw rejection;
      }
      // Locked meanwhile by a concurrent attempt.
      return rejection.msBeforeNext;
    }
    if (state.consumedPoints < this.unknownAccounts.points) {
      return 0;
    }
    await this.unknownAccounts.block(username, this.lockoutSeconds);
    return this.lockoutSeconds * 1000;
  }

  /** Refuses when this address has had too many failed attempts in the window. */
  async assertNotBlocked(clientAddress: string): Promise<void> {
    const state = await this.limiter.get(clientAddress);
    if (state && state.consumedPoints >= this.limiter.points) {
      throw tooManyAttempts(state.msBeforeNext);
    }
  }

  /**
   * Counts one failed attempt. Only failures count, so a school where
   * everyone signs in at eight through one address is not shut out.
   */
  async registerFailure(clientAddress: string): Promise<void> {
    try {
      await this.limiter.consume(clientAddress);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        throw rejection;
      }
      // Over the limit now: the next attempt is refused by assertNotBlocked.
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
