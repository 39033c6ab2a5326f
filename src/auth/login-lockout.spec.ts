import { isLocked, minutesLeft, registerFailure, registerSuccess } from './login-lockout';

const rules = { maxFailures: 3, lockoutMinutes: 15 };
const now = new Date('2026-11-28T10:00:00Z');

describe('login lockout', () => {
  it('locks after the maximum number of failures in a row, for the lockout period', () => {
    let state = { failedLoginCount: 0, lockedUntil: null as Date | null };
    state = registerFailure(state, rules, now);
    state = registerFailure(state, rules, now);
    expect(isLocked(state, now)).toBe(false);

    state = registerFailure(state, rules, now);

    expect(isLocked(state, now)).toBe(true);
    expect(state.lockedUntil).toEqual(new Date('2026-11-28T10:15:00Z'));
    expect(minutesLeft(state, new Date('2026-11-28T10:05:30Z'))).toBe(10);
    expect(isLocked(state, new Date('2026-11-28T10:15:00Z'))).toBe(false);
  });

  it('forgets earlier failures after a successful login', () => {
    const state = registerFailure({ failedLoginCount: 1, lockedUntil: null }, rules, now);

    expect(state.failedLoginCount).toBe(2);
    expect(registerSuccess()).toEqual({ failedLoginCount: 0, lockedUntil: null });
  });
});
