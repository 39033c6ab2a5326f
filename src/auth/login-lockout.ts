/** The account's lockout state, as stored. */
export interface LockoutState {
  readonly failedLoginCount: number;
  readonly lockedUntil: Date | null;
}

export interface LockoutRules {
  readonly maxFailures: number;
  readonly lockoutMinutes: number;
}

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** Whole minutes left of a lock, rounded up, for the message to the user. */
export function minutesLeft(state: LockoutState, now: Date): number {
  if (!isLocked(state, now) || state.lockedUntil === null) {
    return 0;
  }
  return Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60000);
}

/**
 * After a wrong password: count it, and lock the account for a while once
 * `maxFailures` wrong passwords have come in a row. The count starts over
 * after a lock, so every further lock again takes `maxFailures` attempts.
 */
export function registerFailure(state: LockoutState, rules: LockoutRules, now: Date): LockoutState {
  const failedLoginCount = state.failedLoginCount + 1;
  if (failedLoginCount >= rules.maxFailures) {
    return {
      failedLoginCount: 0,
      lockedUntil: new Date(now.getTime() + rules.lockoutMinutes * 60000),
    };
  }
  return { failedLoginCount, lockedUntil: null };
}

export function registerSuccess(): LockoutState {
  return { failedLoginCount: 0, lockedUntil: null };
}
