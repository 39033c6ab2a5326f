/**
 * When wrong passwords lock an account, as pure rules. Two locks use them:
 *
 * - per account and client address: LOGIN_MAX_FAILURES wrong passwords from
 *   one address lock the account from that address only, so a stranger
 *   guessing elsewhere never locks the person out;
 * - per account everywhere (the slow back-off): LOGIN_ACCOUNT_MAX_FAILURES
 *   wrong passwords from all addresses together since the last login lock it
 *   for every address it has not signed in from before.
 *
 * Each further lock of the same kind lasts twice as long as the one before,
 * so a patient guesser gets a few dozen tries a day, not hundreds.
 */

/** The account's lockout state everywhere, as stored on the account. */
export interface LockoutState {
  /** Wrong passwords since the last successful login, from any address. */
  readonly failedLoginCount: number;
  readonly lockedUntil: Date | null;
}

export interface LockoutRules {
  /** Wrong passwords in a row that start a lock, and every further so many start the next. */
  readonly maxFailures: number;
  /** How long the first lock lasts; each next one twice as long. */
  readonly lockoutMinutes: number;
}

/** No lock lasts longer than a day: a locked-out person can always try again tomorrow. */
export const MAX_LOCK_MINUTES = 24 * 60;

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** Whole minutes left of a lock of `ms` milliseconds, rounded up, for the message to the user. */
export function minutesOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60000));
}

/** Milliseconds left of the account's lock everywhere (0: none). */
export function lockedForMs(state: LockoutState, now: Date): number {
  return isLocked(state, now) && state.lockedUntil !== null
    ? state.lockedUntil.getTime() - now.getTime()
    : 0;
}

/**
 * The lock the `failures`-th wrong password in a row starts, in minutes (0:
 * none): `lockoutMinutes` at `maxFailures`, twice that at twice as many, and
 * so on, at most MAX_LOCK_MINUTES.
 */
export function lockMinutesAfter(failures: number, rules: LockoutRules): number {
  if (failures < rules.maxFailures || failures % rules.maxFailures !== 0) {
    return 0;
  }
  const lockNumber = failures / rules.maxFailures;
  // 2^(n-1), without overflowing on absurd counts.
  const factor = 2 ** Math.min(lockNumber - 1, 20);
  return Math.min(rules.lockoutMinutes * factor, MAX_LOCK_MINUTES);
}
