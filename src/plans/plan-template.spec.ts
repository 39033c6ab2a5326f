import { DEFAULT_PLAN_TEMPLATE, periodOf, schoolYearOf, termOf } from './plan-template';

describe('plan periods', () => {
  it('starts the school year on 1 July', () => {
    expect(schoolYearOf(new Date('2026-11-28T12:00:00Z'))).toBe('2026/27');
    expect(schoolYearOf(new Date('2027-03-01T12:00:00Z'))).toBe('2026/27');
    expect(schoolYearOf(new Date('2027-07-01T12:00:00Z'))).toBe('2027/28');
    expect(schoolYearOf(new Date('2099-08-01T12:00:00Z'))).toBe('2099/00');
  });

  it('names terms HT and VT', () => {
    expect(termOf(new Date('2026-11-28T12:00:00Z'))).toBe('HT 2026');
    expect(termOf(new Date('2027-02-10T12:00:00Z'))).toBe('VT 2027');
  });

  it('follows the template', () => {
    expect(periodOf(DEFAULT_PLAN_TEMPLATE, new Date('2026-11-28T12:00:00Z'))).toBe('2026/27');
    expect(
      periodOf({ ...DEFAULT_PLAN_TEMPLATE, periodKind: 'term' }, new Date('2026-11-28T12:00:00Z')),
    ).toBe('HT 2026');
  });
});
