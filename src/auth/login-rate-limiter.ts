import { createHash } from 'node:crypto';

import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { createPool } from '../database/pg-pool';
import { lockMinutesAfter, type LockoutRules } from './login-lockout';

const ADDRESS_WINDOW_SECONDS = 15 * 60;
const USERNAMES_WINDOW_SECONDS = 60 * 60;
/** Wrong passwords for one account from one address count toward its lock there for a day. */
const PAIR_WINDOW_SECONDS = 24 * 60 * 60;
/** Counters that only count (their limits are applied here, not by the library). */
const UNLIMITED = 1_000_000_000;

/** Key prefixes in `login_rate_limit` (rate-limiter-flexible's table; the prefix is part of the key). */
const PREFIX = {
  addressFailures: 'login',
  addressUsernames: 'login-usernames',
  pairFailures: 'login-pair',
  pairLock: 'login-pair-lock',
  unknownFailures: 'login-unknown',
  unknownLock: 'login-unknown-lock',
  knownAddress: 'login-known',
} as const;

/**
 * A username as a key: the same for every spelling a login matches
 * (case, spaces around it) and of fixed length; the table does not keep the
 * names people typed.
 */
export function usernameKey(username: string): string {
  return createHash('sha256').update(username.trim().toLowerCase()).digest('hex');
}

/** A client address as a key part (an address is at most 45 characters; anything longer is cut). */
function addressKey(clientAddress: string): string {
  return clientAddress.slice(0, 64);
}

/**
 * The login limits kept in PostgreSQL (rate-limiter-flexible), so every web
 * process shares them:
 *
 * - per client address: failed attempts per 15 minutes (LOGIN_RATE_LIMIT)
 *   and different usernames got wrong per hour (LOGIN_ADDRESS_MAX_USERNAMES,
 *   against password spraying);
 * - per username and address: wrong passwords in a row and the lock they
 *   start there (LOGIN_MAX_FAILURES; the lock is the account's from that
 *   address only);
 * - per username without a login (unknown, disabled, no password): the
 *   make-believe of the account's back-off everywhere, so the answers never
 *   tell which usernames exist;
 * - the addresses each account signed in from (LOGIN_KNOWN_ADDRESS_DAYS),
 *   which pass the per-address limits and the account's back-off.
 *
 * Only failures count, so a school where everyone signs in at eight through
 * one address is not shut out.
 */
@Injectable()
export class LoginRateLimiter implements OnApplicationShutdown {
  private readonly pool: Pool;
  private readonly table: string;
  private readonly addressFailures: RateLimiterPostgres;
  private readonly addressUsernames: RateLimiterPostgres;
  private readonly pairFailures: RateLimiterPostgres;
  private readonly pairLocks: RateLimiterPostgres;
  private readonly unknownFailures: RateLimiterPostgres;
  private readonly unknownLocks: RateLimiterPostgres;
  private readonly knownAddresses: RateLimiterPostgres;
  private readonly knownAddressSeconds: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pool = createPool('login-rate-limit', config, { max: 2 });
    this.table = `"${config.database.schema}".login_rate_limit`;
    const limiter = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterPostgres({
        storeClient: this.pool,
        storeType: 'pg',
        schemaName: config.database.schema,
        tableName: 'login_rate_limit',
        tableCreated: true,
        keyPrefix,
        points,
        duration,
        clearExpiredByTimeout: false,
      });
    this.addressFailures = limiter(
      PREFIX.addressFailures,
      config.auth.loginRateLimit,
      ADDRESS_WINDOW_SECONDS,
    );
    this.addressUsernames = limiter(
      PREFIX.addressUsernames,
      config.auth.addressMaxUsernames,
      USERNAMES_WINDOW_SECONDS,
    );
    this.pairFailures = limiter(PREFIX.pairFailures, UNLIMITED, PAIR_WINDOW_SECONDS);
    this.pairLocks = limiter(PREFIX.pairLock, 1, 0);
    // Like an account's count: no time limit, only a login would end it.
    this.unknownFailures = limiter(PREFIX.unknownFailures, UNLIMITED, 0);
    this.unknownLocks = limiter(PREFIX.unknownLock, 1, 0);
    this.knownAddresses = limiter(PREFIX.knownAddress, 1, 0);
    this.knownAddressSeconds = config.auth.knownAddressDays * 24 * 60 * 60;
  }

  /**
   * Milliseconds this address is refused for (0: not): too many failed
   * attempts, or too many different usernames got wrong. Not asked for an
   * account at an address it has signed in from before.
   */
  async addressBlockedFor(clientAddress: string): Promise<number> {
    const address = addressKey(clientAddress);
    const [failures, usernames] = await Promise.all([
      this.addressFailures.get(address),
      this.addressUsernames.get(address),
    ]);
    return Math.max(
      failures && failures.consumedPoints >= this.addressFailures.points
        ? failures.msBeforeNext
        : 0,
      usernames && usernames.consumedPoints >= this.addressUsernames.points
        ? usernames.msBeforeNext
        : 0,
    );
  }

  /** Milliseconds left of the lock of this username from this address (0: none). */
  async lockedHereFor(username: string, clientAddress: string): Promise<number> {
    return msLeft(await this.pairLocks.get(pairKey(username, clientAddress)));
  }

  /** Milliseconds left of the make-believe lock everywhere of a username without a login (0: none). */
  async unknownAccountLockedFor(username: string): Promise<number> {
    return msLeft(await this.unknownLocks.get(usernameKey(username)));
  }

  /** Whether the account signed in from this address within LOGIN_KNOWN_ADDRESS_DAYS. */
  async isKnownAddress(accountId: string, clientAddress: string): Promise<boolean> {
    return msLeft(await this.knownAddresses.get(knownKey(accountId, clientAddress))) > 0;
  }

  /**
   * Counts a wrong password for a username from an address: toward the
   * address's limits (a username new to it toward spraying) and toward the
   * lock of the username there. Returns the milliseconds of the lock it
   * started there (0: none).
   */
  async registerFailure(
    username: string,
    clientAddress: string,
    rules: LockoutRules,
  ): Promise<number> {
    const address = addressKey(clientAddress);
    const pair = pairKey(username, clientAddress);
    const [, inARow] = await Promise.all([
      consumeCounting(this.addressFailures, address),
      this.pairFailures.consume(pair),
    ]);
    if (inARow.consumedPoints === 1) {
      await consumeCounting(this.addressUsernames, address);
    }
    const minutes = lockMinutesAfter(inARow.consumedPoints, rules);
    if (minutes === 0) {
      return 0;
    }
    await this.pairLocks.set(pair, 1, minutes * 60);
    return minutes * 60_000;
  }

  /**
   * Counts a wrong password for a username without a login as an account's
   * back-off would (`rules`: LOGIN_ACCOUNT_MAX_FAILURES), and locks it on the
   * same attempt; returns the milliseconds of the lock it started (0: none).
   */
  async registerUnknownAccountFailure(username: string, rules: LockoutRules): Promise<number> {
    const key = usernameKey(username);
    const counted = await this.unknownFailures.consume(key);
    const minutes = lockMinutesAfter(counted.consumedPoints, rules);
    if (minutes === 0) {
      return 0;
    }
    await this.unknownLocks.set(key, 1, minutes * 60);
    return minutes * 60_000;
  }

  /**
   * A successful login: the wrong passwords from this address are forgotten,
   * and the address is the account's own for LOGIN_KNOWN_ADDRESS_DAYS.
   */
  async registerSuccess(accountId: string, username: string, clientAddress: string): Promise<void> {
    const pair = pairKey(username, clientAddress);
    await Promise.all([
      this.pairFailures.delete(pair),
      this.pairLocks.delete(pair),
      this.knownAddresses.set(knownKey(accountId, clientAddress), 1, this.knownAddressSeconds),
    ]);
  }

  /**
   * Lifts the locks of a username from every address (an administrator set a
   * new password). The table keys start with the prefix and the username's key.
   */
  async forgetFailures(username: string): Promise<void> {
    const key = usernameKey(username);
    await this.pool.query(`delete from ${this.table} where key like $1 or key like $2`, [
      `${PREFIX.pairFailures}:${key}:%`,
      `${PREFIX.pairLock}:${key}:%`,
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

function pairKey(username: string, clientAddress: string): string {
  return `${usernameKey(username)}:${addressKey(clientAddress)}`;
}

function knownKey(accountId: string, clientAddress: string): string {
  return `${accountId}:${addressKey(clientAddress)}`;
}

/** Milliseconds left of a stored lock or mark (0: none, or run out). */
function msLeft(state: RateLimiterRes | null): number {
  return state && state.consumedPoints > 0 ? state.msBeforeNext : 0;
}

/** Counts one point; over the limit is fine here, the check is made before the next attempt. */
async function consumeCounting(limiter: RateLimiterPostgres, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) {
      throw rejection;
    }
  }
}
