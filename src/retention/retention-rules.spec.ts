import { disposalDate } from '../records/registry-rules';
import { holdReasonText } from './views/retention-overview.view';
import { horizon, isDue, requestClosedOn, requestDisposalDate } from './retention-rules';

describe('retention dates', () => {
  it('disposes of a plan the given years after the pupil left, none while still enrolled', () => {
    expect(disposalDate('2026-06-12', 3)).toBe('2029-06-12');
    expect(disposalDate('2024-02-29', 3)).toBe('2027-02-28');
    expect(disposalDate(null, 3)).toBeNull();
  });

  it('is due on its day, not the day before', () => {
    expect(isDue('2029-06-12', '2029-06-11')).toBe(false);
    expect(isDue('2029-06-12', '2029-06-12')).toBe(true);
    expect(isDue(null, '2100-01-01')).toBe(false);
  });

  it('closes a request when delivered and every appeal is answered', () => {
    expect(
      requestClosedOn({ status: 'decided', deliveredOn: null, closedOn: null, appeals: [] }),
    ).toBeNull();
    expect(
      requestClosedOn({
        status: 'delivered',
        deliveredOn: '2026-03-02',
        closedOn: null,
        appeals: [],
      }),
    ).toBe('2026-03-02');
    expect(
      requestClosedOn({
        status: 'delivered',
        deliveredOn: '2026-03-02',
        closedOn: null,
        appeals: [{ decidedOn: '2026-09-15' }, { decidedOn: null }],
      }),
    ).toBeNull();
    expect(
      requestClosedOn({
        status: 'delivered',
        deliveredOn: '2026-03-02',
        closedOn: null,
        appeals: [{ decidedOn: '2026-09-15' }, { decidedOn: '2026-05-01' }],
      }),
    ).toBe('2026-09-15');
    expect(
      requestClosedOn({
        status: 'withdrawn',
        deliveredOn: null,
        closedOn: '2026-03-04',
        appeals: [],
      }),
    ).toBe('2026-03-04');
  });

  it('keeps a request and its copies the given years after it closed', () => {
    expect(
      requestDisposalDate(
        {
          status: 'delivered',
          deliveredOn: '2026-03-02',
          closedOn: null,
          appeals: [{ decidedOn: '2026-09-15' }],
        },
        10,
      ),
    ).toBe('2036-09-15');
    expect(
      requestDisposalDate(
        { status: 'in_review', deliveredOn: null, closedOn: null, appeals: [] },
        10,
      ),
    ).toBeNull();
  });

  it('looks ahead from today and says why a record is held', () => {
    expect(horizon('2026-12-15', 30)).toBe('2027-01-14');
    expect(holdReasonText({ kind: 'request', registrationNumber: 'BEG-2026-00012' })).toBe(
      'Begäran BEG-2026-00012 är inte avslutad',
    );
    expect(holdReasonText({ kind: 'manual', reason: 'Tillsyn pågår', holdId: 'x' })).toBe(
      'Spärrad av arkivarien: Tillsyn pågår',
    );
  });
});
