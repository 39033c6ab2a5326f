import type { RequestStatus } from '../request-lifecycle';
import type { RequestStatusForRequester } from '../request-intake.service';
import { toPublicStatusView } from './public-status.view';

describe('the requester’s status worded', () => {
  const request: RequestStatusForRequester = {
    registrationNumber: 'BEG-2026-00012',
    status: 'received',
    receivedOn: '2026-03-02',
    decisionDue: '2026-03-04',
    clarificationQuestion: null,
    canDownload: false,
    feeKr: null,
    invoiced: false,
    extensionNotice: null,
    viewing: null,
    appeal: null,
    closure: null,
    appealedOn: null,
    partDelivery: null,
  };

  it('adds the label and explanation after the status, the keys in the API’s order', () => {
    const view = toPublicStatusView(request);
    expect(Object.keys(view)).toEqual([
      'registrationNumber',
      'status',
      'statusLabel',
      'explanation',
      ...Object.keys(request).slice(2),
    ]);
    expect(view).toEqual({
      ...request,
      statusLabel: 'Mottagen',
      explanation: 'Vi har tagit emot din begäran. En handläggare tar sig an den skyndsamt.',
    });
  });

  it.each<[RequestStatus, string]>([
    ['in_review', 'Under handläggning'],
    ['awaiting_clarification', 'Under handläggning – vi väntar på svar från dig'],
    ['decided', 'Beslutad'],
    ['delivered', 'Utlämnad'],
  ])('labels "%s" as "%s"', (status, label) => {
    expect(toPublicStatusView({ ...request, status }).statusLabel).toBe(label);
  });

  it('says a request closed without records is closed, and why', () => {
    const none = toPublicStatusView({
      ...request,
      status: 'delivered',
      closure: { kind: 'no_record', forwardedTo: null },
    });
    expect(none.statusLabel).toBe('Avslutad – handlingen finns inte');
    const forwarded = toPublicStatusView({
      ...request,
      status: 'decided',
      closure: { kind: 'forwarded', forwardedTo: 'Skolinspektionen' },
    });
    expect(forwarded.statusLabel).toBe('Avslutad – överlämnad till en annan myndighet');
    expect(forwarded.explanation).toContain('Skolinspektionen');
  });
});
