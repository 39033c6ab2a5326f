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
