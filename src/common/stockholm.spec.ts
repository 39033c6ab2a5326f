import { isIsoDate, stockholmClock, stockholmInstant, stockholmToday } from './stockholm';

describe('Swedish time', () => {
  it('names the instant of a Swedish clock time in winter (UTC+1) and summer (UTC+2)', () => {
    expect(stockholmInstant('2026-01-15', '08:00').toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(stockholmInstant('2026-07-15', '08:00').toISOString()).toBe('2026-07-15T06:00:00.000Z');
  });

  it('is right on the days the clocks change', () => {
    // 29 March 2026: 02:00 becomes 03:00; 25 October 2026: 03:00 becomes 02:00.
    expect(stockholmInstant('2026-03-29', '08:00').toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(stockholmInstant('2026-10-25', '08:00').toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(stockholmInstant('2026-03-28', '23:30').toISOString()).toBe('2026-03-28T22:30:00.000Z');
  });

  it('reads back the date and clock it was given', () => {
    for (const [date, time] of [
      ['2026-12-31', '23:59'],
      ['2027-06-24', '00:00'],
      ['2026-11-28', '13:45'],
    ] as const) {
      const instant = stockholmInstant(date, time);
      expect(stockholmToday(instant)).toBe(date);
      expect(stockholmClock(instant)).toBe(time);
    }
  });
});

describe('isIsoDate', () => {
  it('takes real calendar days written YYYY-MM-DD and nothing else', () => {
    expect(['2026-02-28', '2028-02-29', '2026-12-31'].map(isIsoDate)).toEqual([true, true, true]);
    expect(
      ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-1-01', '2026-01-01x', ''].map(
        isIsoDate,
      ),
    ).toEqual([false, false, false, false, false, false, false]);
  });
});
