import {
  addWorkingDays,
  easterSunday,
  firstWorkingDayFrom,
  isWorkingDay,
  swedishHolidays,
  workingDaysBetween,
} from './working-days';

describe('Swedish working days', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('finds Easter Sunday %i', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });

  it('knows the moving feasts and the eves of 2026', () => {
    const holidays = swedishHolidays(2026);
    for (const day of [
      '2026-04-03', // långfredagen
      '2026-04-06', // annandag påsk
      '2026-05-14', // Kristi himmelsfärd
      '2026-05-24', // pingstdagen
      '2026-06-19', // midsommarafton
      '2026-06-20', // midsommardagen
      '2026-10-31', // alla helgons dag
      '2026-12-24',
      '2026-12-31',
    ]) {
      expect(holidays).toContain(day);
    }
    expect(holidays).not.toContain('2026-06-18');
  });

  it('puts midsommarafton on the Friday between 19 and 25 June', () => {
    expect(swedishHolidays(2027)).toContain('2027-06-25');
    expect(swedishHolidays(2025)).toContain('2025-06-20');
  });

  it.each([
    ['2026-11-27', true], // Friday
    ['2026-11-28', false], // Saturday
    ['2026-11-29', false], // Sunday
    ['2026-06-19', false], // midsommarafton, a Friday
    ['2026-06-06', false], // national day, a Saturday anyway
    ['2025-06-06', false], // national day, a Friday
    ['2026-01-06', false], // trettondedag jul, a Tuesday
    ['2026-05-13', true], // the day before Ascension
  ])('%s is a working day: %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it('counts forward over weekends and holidays', () => {
    // A request on a Saturday counts from Monday.
    expect(firstWorkingDayFrom('2026-11-28')).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-28', 0)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-27', 2)).toBe('2026-12-01');
    // Over Easter: Thursday before → Long Friday, Easter, Easter Monday are off.
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    // Over midsommar and Christmas.
    expect(addWorkingDays('2026-06-18', 1)).toBe('2026-06-22');
    expect(addWorkingDays('2026-12-23', 2)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-30', 1)).toBe('2027-01-04');
  });

  it('counts the working days between two dates', () => {
    expect(workingDaysBetween('2026-11-27', '2026-12-01')).toBe(2);
    expect(workingDaysBetween('2026-12-01', '2026-12-01')).toBe(0);
    expect(workingDaysBetween('2026-12-23', '2026-12-28')).toBe(1);
  });

  it('refuses nonsense', () => {
    expect(() => addWorkingDays('2026-11-27', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('27/11/2026', 1)).toThrow(RangeError);
  });
});
