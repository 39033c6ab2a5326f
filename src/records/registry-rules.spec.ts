import { disposalDate, formatRegistrationNumber } from './registry-rules';

describe('registry rules', () => {
  it('formats registration numbers', () => {
    expect(formatRegistrationNumber('IUP', 2026, 42)).toBe('IUP-2026-00042');
    expect(formatRegistrationNumber('IUP', 2027, 123456)).toBe('IUP-2027-123456');
  });

  it('disposes of a plan the set number of years after the pupil left compulsory school', () => {
    expect(disposalDate('2027-06-11', 3)).toBe('2030-06-11');
    expect(disposalDate('2028-02-29', 3)).toBe('2031-02-28');
    expect(disposalDate('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('has no date while the pupil is still enrolled', () => {
    expect(disposalDate(null, 3)).toBeNull();
  });
});
