import { describeEvent } from './request-history.view';

describe('the request’s history in Swedish', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['received', { channel: 'web' }, 'Begäran kom in (Webbformulär).'],
    [
      'first_steps',
      { decisionDue: '2026-03-12', records: 3, drafts: 1, reviewersNotified: 2 },
      'Tidsfrister satta (beslut senast 2026-03-12); 3 handlingar och 1 utkast hittades; 2 handläggare aviserades.',
    ],
    ['claimed', {}, 'Handläggaren tog begäran.'],
    ['assigned', { to: 'Anna Berg' }, 'Begäran tilldelades Anna Berg.'],
    [
      'clarification_received',
      { waitedWorkingDays: 4, decisionDue: '2026-03-18' },
      'Svar kom efter 4 arbetsdagar; beslut senast 2026-03-18.',
    ],
    ['record_added', { registrationNumber: 'BUN 2026/12' }, 'Handlingen BUN 2026/12 lades till.'],
    ['items_released', { items: 5 }, '5 handlingar beslutades att lämnas ut.'],
    [
      'viewing_booked',
      { date: '2026-03-20', time: '10:00', place: 'Kommunhuset' },
      'Tid för läsning på plats: 2026-03-20 kl. 10:00, Kommunhuset.',
    ],
    [
      'extended',
      { from: '2026-03-12', decisionDue: '2026-04-01' },
      'Den som begärt handlingarna fick besked om att begäran behöver längre tid: beslut senast 2026-04-01 (i stället för 2026-03-12).',
    ],
    [
      'appeal_forwarded',
      { forwardedOn: '2026-04-02' },
      'Överklagandet lämnades över till domstolen 2026-04-02.',
    ],
  ])('tells "%s"', (kind, details, text) => {
    expect(describeEvent(kind, details)).toBe(text);
  });

  it('names the decided record with its decision, and a draft as "utkast"', () => {
    const record = describeEvent('item_decided', {
      registrationNumber: 'BUN 2026/12',
      decision: 'refuse',
    });
    expect(record).toMatch(/^Beslut om BUN 2026\/12: /);
    expect(record).not.toBe(
      describeEvent('item_decided', { registrationNumber: 'BUN 2026/12', decision: 'release' }),
    );
    expect(
      describeEvent('item_decided', { registrationNumber: null, decision: 'no_public_record' }),
    ).toMatch(/^Beslut om utkast: /);
  });

  it('mentions the letter and the copies of a decision only when there were any', () => {
    expect(describeEvent('decided', { letter: 'BUN 2026/40', copies: 2 })).toBe(
      'Begäran är beslutad; BUN 2026/40 registrerat, 2 kopior.',
    );
    expect(describeEvent('decided', {})).toBe('Begäran är beslutad.');
  });

  it('says how a delivery was paid', () => {
    expect(describeEvent('delivered', { payment: 'invoice' })).toBe(
      'Handlingarna är utlämnade med faktura.',
    );
    expect(describeEvent('delivered', { payment: 'prepaid' })).toBe(
      'Handlingarna är utlämnade efter förskottsbetalning.',
    );
    expect(describeEvent('delivered', { payment: 'free' })).toBe('Handlingarna är utlämnade.');
  });

  it('tells whether an appeal came in time', () => {
    expect(
      describeEvent('appeal_received', {
        receivedOn: '2026-04-01',
        inTime: 1,
        deadline: '2026-04-08',
      }),
    ).toBe('Ett överklagande kom in 2026-04-01 (i rätt tid; sista dag 2026-04-08).');
    expect(
      describeEvent('appeal_received', {
        receivedOn: '2026-04-10',
        inTime: 0,
        deadline: '2026-04-08',
      }),
    ).toBe('Ett överklagande kom in 2026-04-10 (för sent; sista dag 2026-04-08).');
  });

  it('shows the reminder and the escalation with their date and how many were told', () => {
    expect(describeEvent('reminder_sent', { decisionDue: '2026-03-12', notified: 2 })).toBe(
      'Påminnelse: beslut ska fattas senast i dag (2026-03-12); 2 aviserades.',
    );
    expect(describeEvent('escalated', { decisionDue: '2026-03-12' })).toBe(
      'Försenad: ingen beslut senast 2026-03-12; teamledaren aviserades (0).',
    );
  });

  it('falls back to the kind for an event it does not know', () => {
    expect(describeEvent('something_new', { any: 1 })).toBe('something_new');
  });
});
