import {
  isLocked,
  lockedForMs,
  lockMinutesAfter,
  MAX_LOCK_MINUTES,
  minutesOf,
} from './login-lockout';

const rules = { maxFailures: 3, lockoutMinutes: 15 };
const now = new Date('2026-11-28T10:00:00Z');

describe('login lockout', () => {
  it('locks at the maximum number of failures in a row, for the lockout period', () => {
    expect([1, 2].map((failures) => lockMinutesAfter(failures, rules))).toEqual([0, 0]);
    expect(lockMinutesAfter(3, rules)).toBe(15);
  });

  it('locks again at every further maximum, each lock twice as long, at most a day', () => {
    expect([4, 5, 6, 7, 8, 9, 12].map((failures) => lockMinutesAfter(failures, rules))).toEqual([
      0, 0, 30, 0, 0, 60, 120,
    ]);
    expect(lockMinutesAfter(3 * 8, rules)).toBe(MAX_LOCK_MINUTES);
    expect(lockMinutesAfter(3 * 1000, rules)).toBe(MAX_LOCK_MINUTES);
  });

  it('tells how long a stored lock still lasts, in whole minutes rounded up', () => {
    const state = { failedLoginCount: 3, lockedUntil: new Date('2026-11-28T10:15:00Z') };

    expect(isLocked(state, now)).toBe(true);
    expect(minutesOf(lockedForMs(state, new Date('2026-11-28T10:05:30Z')))).toBe(10);
    expect(isLocked(state, new Date('2026-11-28T10:15:00Z'))).toBe(false);
    expect(lockedForMs(state, new Date('2026-11-28T10:15:00Z'))).toBe(0);
    expect(lockedForMs({ failedLoginCount: 1, lockedUntil: null }, now)).toBe(0);
    expect(minutesOf(1)).toBe(1);
  });
});
