import { ErrorCode } from '../common/errors/domain-error';
import { approvalRequiredError, isApproved, needsApproval } from './item-approvals';
import { describeEvent } from './views/request-history.view';

describe('four eyes', () => {
  it('asks approval of refusals and redactions only', () => {
    expect(needsApproval('refuse')).toBe(true);
    expect(needsApproval('release_with_redactions')).toBe(true);
    expect(needsApproval('release')).toBe(false);
    expect(needsApproval('no_public_record')).toBe(false);
    expect(needsApproval(null)).toBe(false);
  });

  it('counts an approval only for the version it approved', () => {
    const approval = { approved_by_account_id: 'a', approved_for_version: 3 };
    expect(isApproved({ ...approval, version: 3 })).toBe(true);
    expect(isApproved({ ...approval, version: 4 })).toBe(false);
    expect(
      isApproved({ approved_by_account_id: null, approved_for_version: null, version: 0 }),
    ).toBe(false);
  });

  it('names the records awaiting approval, in Swedish', () => {
    const error = approvalRequiredError([
      { itemId: '1', registrationNumber: 'IUP-2026-00001', decidedByAccountId: 'a' },
      { itemId: '2', registrationNumber: null, decidedByAccountId: 'a' },
    ]);
    expect(error.code).toBe(ErrorCode.ApprovalRequired);
    expect(error.message).toBe(
      '2 beslut om avslag eller maskering väntar på godkännande av en andra handläggare: IUP-2026-00001, ett utkast. En annan handläggare än den som beslutade behöver godkänna dem innan begäran kan färdigbeslutas.',
    );
  });

  it('tells the approvals in the request’s history', () => {
    expect(
      describeEvent('item_approved', { registrationNumber: 'IUP-2026-00001', decision: 'refuse' }),
    ).toBe(
      'Beslutet om IUP-2026-00001 (lämnas inte ut (avslag)) godkändes av en andra handläggare.',
    );
  });
});
