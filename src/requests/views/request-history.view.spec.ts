import type { JsonObject } from '../../database/kysely';
import {
  CHANNELS,
  channelLabel,
  COURT_OUTCOMES,
  courtOutcomeLabel,
  DECISIONS,
  decisionLabel,
} from '../request-lifecycle';
import { describeEvent } from './request-history.view';

describe('the request’s history in Swedish', () => {
  it.each<[string, JsonObject, string]>([
    ['received', { channel: 'web' }, 'Begäran kom in (Webbformulär).'],
    [
      'first_steps',
      { decisionDue: '2026-03-12', records: 3, drafts: 1, reviewersNotified: 2 },
      'Tidsfrister satta (beslut senast 2026-03-12); 3 handlingar och 1 utkast hittades; 2 handläggare aviserades.',
    ],
    ['claimed', {}, 'Handläggaren tog begäran.'],
    ['clarification_asked', {}, 'En fråga ställdes till den som begärt handlingarna.'],
    ['assigned', { to: 'Anna Berg' }, 'Begäran tilldelades Anna Berg.'],
    [
      'clarification_received',
      { waitedWorkingDays: 4, decisionDue: '2026-03-18' },
      'Svar kom efter 4 arbetsdagar; beslut senast 2026-03-18.',
    ],
    [
      'clarification_received',
      { waitedWorkingDays: 2, decisionDue: '2026-03-16', channel: 'status_page' },
      'Svar kom via statussidan efter 2 arbetsdagar; beslut senast 2026-03-16.',
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
      'closed_no_record',
      { letter: 'BES-2026-00004' },
      'Begäran avslutades: handlingen finns inte hos Sektor Lärande (beslut BES-2026-00004, kan överklagas).',
    ],
    [
      'forwarded_elsewhere',
      { letter: 'BES-2026-00005', forwardedTo: 'Skolinspektionen' },
      'Begäran lämnades över till Skolinspektionen och avslutades (brev BES-2026-00005).',
    ],
    [
      'reopened',
      { reason: 'court_changed', appeal: 'x' },
      'Begäran öppnades för ett nytt beslut: domstolen ändrade beslutet.',
    ],
    [
      'appeal_late_allowed',
      { exception: 'notice_missing_or_wrong' },
      'Överklagandet kom in för sent men prövas ändå (förvaltningslagen 45 §): överklagandehänvisningen saknades eller var felaktig.',
    ],
    [
      'appeal_decided',
      { outcome: 'dismissed', decidedOn: '2026-04-20', letter: 'BES-2026-00009' },
      'Överklagandet avvisades av Sektor Lärande för att det kom in för sent (2026-04-20; beslut BES-2026-00009, kan överklagas).',
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
    expect(describeEvent('', {})).toBe('');
    expect(describeEvent('RECEIVED', { channel: 'web' })).toBe('RECEIVED');
  });

  it.each(CHANNELS)('names the channel "%s" with its label', (channel) => {
    expect(describeEvent('received', { channel })).toBe(
      `Begäran kom in (${channelLabel(channel)}).`,
    );
  });

  it.each(DECISIONS)('names the decision "%s" with its label', (decision) => {
    expect(describeEvent('item_decided', { registrationNumber: 'IUP-2026-00001', decision })).toBe(
      `Beslut om IUP-2026-00001: ${decisionLabel(decision)}.`,
    );
  });

  it.each(COURT_OUTCOMES)('names the court outcome "%s" with its label', (outcome) => {
    expect(describeEvent('appeal_decided', { outcome, decidedOn: '2026-05-04' })).toBe(
      `Utfall: ${courtOutcomeLabel(outcome)} (2026-05-04).`,
    );
  });

  it('gives every code its own label', () => {
    expect(new Set(CHANNELS.map(channelLabel)).size).toBe(CHANNELS.length);
    expect(new Set(DECISIONS.map(decisionLabel)).size).toBe(DECISIONS.length);
    expect(new Set(COURT_OUTCOMES.map(courtOutcomeLabel)).size).toBe(COURT_OUTCOMES.length);
  });

  it('shows a code it does not know as it is, and nothing for one missing', () => {
    expect(describeEvent('received', { channel: 'carrier_pigeon' })).toBe(
      'Begäran kom in (carrier_pigeon).',
    );
    expect(describeEvent('received', {})).toBe('Begäran kom in ().');
    expect(describeEvent('item_decided', { decision: 'maybe' })).toBe('Beslut om utkast: maybe.');
    expect(describeEvent('appeal_decided', { outcome: null })).toBe('Utfall:  ().');
  });

  it('leaves out what is missing or of another type instead of writing "undefined" or "NaN"', () => {
    const told = [
      describeEvent('first_steps', {}),
      describeEvent('assigned', {}),
      describeEvent('clarification_received', { waitedWorkingDays: 'four' }),
      describeEvent('record_added', { registrationNumber: ['IUP-2026-00001'] }),
      describeEvent('items_released', { items: { count: 5 } }),
      describeEvent('extended', { from: true }),
      describeEvent('viewing_booked', { date: null }),
      describeEvent('reminder_sent', {}),
      describeEvent('appeal_received', {}),
      describeEvent('appeal_forwarded', { forwardedOn: 20260402 }),
    ];
    for (const text of told) {
      expect(text).not.toMatch(/undefined|NaN|null|\[object|true/);
    }
    expect(describeEvent('first_steps', {})).toBe(
      'Tidsfrister satta (beslut senast ); 0 handlingar och 0 utkast hittades; 0 handläggare aviserades.',
    );
    expect(describeEvent('items_released', { items: '5' })).toBe(
      '0 handlingar beslutades att lämnas ut.',
    );
    expect(describeEvent('appeal_received', { receivedOn: '2026-04-01' })).toBe(
      'Ett överklagande kom in 2026-04-01 (för sent; sista dag ).',
    );
  });

  it('writes a number given where text is expected as it is', () => {
    expect(describeEvent('appeal_forwarded', { forwardedOn: 20260402 })).toBe(
      'Överklagandet lämnades över till domstolen 20260402.',
    );
    expect(describeEvent('assigned', { to: 7 })).toBe('Begäran tilldelades 7.');
  });

  it('takes an empty registration number as a draft, and an empty letter as none', () => {
    expect(describeEvent('item_decided', { registrationNumber: '', decision: 'release' })).toBe(
      `Beslut om utkast: ${decisionLabel('release')}.`,
    );
    expect(describeEvent('decided', { letter: '', copies: 0 })).toBe(
      'Begäran är beslutad, 0 kopior.',
    );
    expect(describeEvent('decided', { letter: 'BES-2026-00003', copies: null })).toBe(
      'Begäran är beslutad; BES-2026-00003 registrerat.',
    );
  });

  it('reads an appeal as in time from 1 or true only', () => {
    const inTime = (value: JsonObject['inTime']) =>
      describeEvent('appeal_received', {
        receivedOn: '2026-04-01',
        inTime: value,
        deadline: '2026-04-08',
      }).includes('i rätt tid');
    expect([1, true, 0, false, null, '1', 2].map(inTime)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
