import type { RequestItem } from '../request-read-model';
import { itemSignals, paymentLabel, toItemView } from './request-detail.view';

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
  version: 1,
};

describe('a record of a request, worded for the reviewer', () => {
  it('warns of a confidentiality marking and a protected identity, never of "Ingen"', () => {
    expect(itemSignals(RECORD)).toEqual([]);
    expect(
      itemSignals({
        confidentialityMarking: 'OSL 23 kap. 2 §',
        securityMarking: 'Sekretessmarkering',
      }),
    ).toEqual(['Sekretessmarkering: OSL 23 kap. 2 §', 'Eleven har sekretessmarkering']);
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
