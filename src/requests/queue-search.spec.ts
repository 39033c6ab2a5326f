import { descriptionStart, QUEUE_DESCRIPTION_START } from './queue-search';
import { type RequestStatus, staffStatusLabel } from './request-lifecycle';

const STATUSES: readonly RequestStatus[] = [
  'received',
  'in_review',
  'awaiting_clarification',
  'decided',
  'delivered',
  'withdrawn',
];

describe('the queue’s words', () => {
  it('shows the start of what is asked, cut at a word, with "…" only when cut', () => {
    expect(descriptionStart('  Elevens  utvecklingsplan\n2025/26. ')).toBe(
      'Elevens utvecklingsplan 2025/26.',
    );
    const long =
      'Jag vill ta del av alla utvecklingsplaner för min dotter under lågstadiet, inklusive omdömena.';
    const start = descriptionStart(long);
    expect(start.endsWith('…')).toBe(true);
    expect([...start].length).toBeLessThanOrEqual(QUEUE_DESCRIPTION_START + 1);
    expect(long.startsWith(start.slice(0, -1))).toBe(true);
    expect(start).not.toMatch(/\s…$/u);
    // One long word is cut where it must be.
    expect([...descriptionStart('x'.repeat(200))].length).toBe(QUEUE_DESCRIPTION_START + 1);
  });

  it('words every status for staff, never the requester’s "vi väntar på svar från dig"', () => {
    for (const status of STATUSES) {
      expect(staffStatusLabel(status)).not.toMatch(/dig|du /iu);
    }
    expect(staffStatusLabel('awaiting_clarification')).toBe(
      'Väntar på komplettering från den som begär',
    );
    // Closed without a copy, it says how, as the requester reads it.
    expect(staffStatusLabel('delivered', { kind: 'no_record', forwardedTo: null })).toBe(
      'Avslutad – handlingen finns inte',
    );
    expect(staffStatusLabel('delivered', null)).toBe('Utlämnad');
  });
});
