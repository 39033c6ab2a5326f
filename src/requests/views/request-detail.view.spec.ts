import type { ItemMarking, RequestItem } from '../request-read-model';
import { itemSignals, markingSignal, paymentLabel, toItemView } from './request-detail.view';

const RECORD: RequestItem = {
  id: 'item-1',
  kind: 'record',
  source: 'matched',
  recordId: 'record-1',
  registrationNumber: 'BUN 2026/12',
  recordTitle: 'IUP 2025/26, Elsa Svensson',
  pupilId: 'pupil-1',
  pupilName: 'Elsa Svensson',
  schoolUnitName: 'Norrskolan',
  period: '2025/26',
  confidentialityMarking: null,
  securityMarking: 'Ingen',
  decision: null,
  refusalGround: null,
  reasons: null,
  redactionCount: 0,
  decidedBy: null,
  decidedAt: null,
  approvedBy: null,
  approvedAt: null,
  deliveredAt: null,
  concernedParty: null,
  aboutGuardiansChild: false,
  version: 1,
};

const MARKING: ItemMarking = {
  provision: 'OSL 23 kap. 2 §',
  markedOn: '2026-12-05',
  markedBy: 'Maria Mentor',
  reviewOn: '2027-06-30',
  reviewOverdue: false,
};

describe('a record of a request, worded for the reviewer', () => {
  it('warns of a confidentiality marking and a protected identity, never of "Ingen"', () => {
    expect(itemSignals(RECORD)).toEqual([]);
    expect(
      itemSignals({ confidentialityMarking: MARKING, securityMarking: 'Sekretessmarkering' }),
    ).toEqual([
      'Sekretessmarkering: OSL 23 kap. 2 § (satt 2026-12-05 av Maria Mentor, omprövas senast 2027-06-30)',
      'Eleven har sekretessmarkering',
    ]);
  });

  it('words a marking with what is known of it, and says when its review date has passed', () => {
    expect(markingSignal({ ...MARKING, reviewOn: null })).toBe(
      'Sekretessmarkering: OSL 23 kap. 2 § (satt 2026-12-05 av Maria Mentor)',
    );
    expect(markingSignal({ ...MARKING, markedBy: null, reviewOn: null })).toBe(
      'Sekretessmarkering: OSL 23 kap. 2 § (satt 2026-12-05)',
    );
    expect(markingSignal({ ...MARKING, reviewOn: '2026-12-01', reviewOverdue: true })).toBe(
      'Sekretessmarkering: OSL 23 kap. 2 § (satt 2026-12-05 av Maria Mentor, omprövas senast 2026-12-01) – omprövningsdatum passerat',
    );
  });

  it('gives the marking in data too, and it is only a signal: no decision comes of it', () => {
    const view = toItemView({ ...RECORD, confidentialityMarking: MARKING });
    expect(view.marking).toEqual(MARKING);
    expect(view.decision).toBeNull();
    expect(view.decisionLabel).toBeNull();
    expect(toItemView(RECORD).marking).toBeNull();
  });

  it('titles a draft by its period and a disposed record as such', () => {
    expect(toItemView(RECORD).title).toBe('IUP 2025/26, Elsa Svensson');
    expect(toItemView({ ...RECORD, recordTitle: null }).title).toBe('Handlingen är gallrad');
    expect(toItemView({ ...RECORD, kind: 'draft', recordId: null }).title).toBe(
      'Utkast till IUP 2025/26 (inte fastställt)',
    );
  });

  it('labels a decision only once there is one', () => {
    expect(toItemView(RECORD).decisionLabel).toBeNull();
    expect(toItemView({ ...RECORD, decision: 'refuse' }).decisionLabel).toEqual(expect.any(String));
    expect(toItemView({ ...RECORD, decision: 'refuse' }).decisionLabel).not.toBe(
      toItemView({ ...RECORD, decision: 'release' }).decisionLabel,
    );
  });

  it('names how the fee was paid', () => {
    expect(paymentLabel('free')).toBe('Kostnadsfritt');
    expect(paymentLabel('invoice')).toBe('Faktura (med samtycke)');
    expect(paymentLabel('prepaid')).toBe('Betalt i förskott');
    expect(paymentLabel(null)).toBeNull();
  });
});
