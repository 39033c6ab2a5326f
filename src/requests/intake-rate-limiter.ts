import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

import { RateLimitedError } from '../common/errors/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createPool } from '../database/pg-pool';

const WINDOW_SECONDS = 60 * 60;

/**
 * Requests filed per client address and hour, counted in PostgreSQL so every
 * web process shares the count: the public form needs no CAPTCHA from an
 * outside service, and a flood from one address stops here.
 */
@Injectable()
export class IntakeRateLimiter implements OnApplicationShutdown {
  private pool: Pool | undefined;
  private limiter: RateLimiterPostgres | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async consume(clientAddress: string): Promise<void> {
    try {
      await this.store().consume(clientAddress);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        throw rejection;
      }
      const minutes = Math.max(1, Math.ceil(rejection.msBeforeNext / 60000));
      throw new RateLimitedError(
        `För många begäranden från samma adress. Försök igen om ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}, eller ring oss.`,
        rejection.msBeforeNext,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }

  /** Made on first use: the embedded database's address is known only once it runs. */
  private store(): RateLimiterPostgres {
    if (!this.limiter) {
      this.pool = createPool('intake-rate-limit', this.config, {
        max: 2,
        // Every request from one address updates one row, so its commits queue up behind
        // each other; waiting for each to reach disk bought nothing: a count lost in a
        // crash only lets a few more requests in.
        options: '-c synchronous_commit=off',
      });
      this.limiter = new RateLimiterPostgres({
        storeClient: this.pool,
        storeType: 'pg',
        schemaName: this.config.database.schema,
        tableName: 'intake_rate_limit',
        tableCreated: true,
        keyPrefix: 'intake',
        points: this.config.requests.intakeRateLimit,
        duration: WINDOW_SECONDS,
        clearExpiredByTimeout: false,
      });
    }
    return this.limiter;
  }
}
