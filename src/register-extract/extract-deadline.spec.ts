import { extractDueOn, isOverdue } from './extract-deadline';

describe('extractDueOn', () => {
  it.each([
    ['2026-12-07', '2027-01-07'],
    ['2026-01-31', '2026-02-28'],
    ['2028-01-31', '2028-02-29'],
    ['2026-03-31', '2026-04-30'],
    ['2026-11-30', '2026-12-30'],
    ['2026-12-31', '2027-01-31'],
  ])('a request on %s is due on %s', (requested, due) => {
    expect(extractDueOn(requested)).toBe(due);
  });
});

describe('isOverdue', () => {
  it('is overdue only after the day, and never once sent', () => {
    expect(isOverdue('2027-01-07', '2027-01-07', false)).toBe(false);
    expect(isOverdue('2027-01-07', '2027-01-08', false)).toBe(true);
    expect(isOverdue('2027-01-07', '2027-01-08', true)).toBe(false);
  });
});
