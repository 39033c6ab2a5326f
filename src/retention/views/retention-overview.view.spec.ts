import type { RetentionOverview } from '../retention.service';
import {
  holdReasonText,
  toHeldRecordView,
  toRetentionOverviewView,
} from './retention-overview.view';

describe('the retention overview worded', () => {
  it('says why a record is held, for each kind of reason', () => {
    expect(holdReasonText({ kind: 'appeal', registrationNumber: 'BEG-2026-00003' })).toBe(
      'Överklagande av BEG-2026-00003 pågår',
    );
    expect(
      holdReasonText({
        kind: 'appeal_window',
        registrationNumber: 'BEG-2026-00004',
        until: '2026-12-29',
      }),
    ).toBe('Beslutet i BEG-2026-00004 kan överklagas till och med 2026-12-29');
  });

  it('words each reason, keeps the archivist’s hold id, and shows a dash for no date', () => {
    expect(
      toHeldRecordView({
        registrationNumber: 'IUP-2026-00007',
        disposalDate: null,
        reasons: [
          { kind: 'request', registrationNumber: 'BEG-2026-00012' },
          { kind: 'appeal', registrationNumber: 'BEG-2026-00003' },
          { kind: 'manual', reason: 'Tillsyn pågår.', holdId: 'hold-1' },
        ],
      }),
    ).toEqual({
      registrationNumber: 'IUP-2026-00007',
      disposalDate: '–',
      reasons: [
        { text: 'Begäran BEG-2026-00012 är inte avslutad', holdId: null },
        { text: 'Överklagande av BEG-2026-00003 pågår', holdId: null },
        { text: 'Spärrad av arkivarien: Tillsyn pågår.', holdId: 'hold-1' },
      ],
    });
    expect(
      toHeldRecordView({
        registrationNumber: 'IUP-2026-00008',
        disposalDate: '2029-06-12',
        reasons: [],
      }).disposalDate,
    ).toBe('2029-06-12');
  });

  it('keeps the rest of the overview as it is, in the same order of keys', () => {
    const overview: RetentionOverview = {
      today: '2026-12-05',
      yearsAfterLeaving: 3,
      requestYears: 10,
      due30: { count: 0, first: [] },
      due90: {
        count: 1,
        first: [{ registrationNumber: 'IUP-2023-00001', disposalDate: '2027-01-20' }],
      },
      held: [{ registrationNumber: 'IUP-2026-00007', disposalDate: '2027-02-01', reasons: [] }],
      dryRun: { records: 0, draftPlans: 0, requests: 0, registrationNumbers: [] },
      log: [],
    };
    const view = toRetentionOverviewView(overview);
    expect(Object.keys(view)).toEqual(Object.keys(overview));
    expect(view).toEqual({
      ...overview,
      held: [{ registrationNumber: 'IUP-2026-00007', disposalDate: '2027-02-01', reasons: [] }],
    });
  });
});
