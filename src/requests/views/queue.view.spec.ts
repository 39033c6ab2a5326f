import type { QueueRow } from '../request-read-model';
import { StaffNoticeView, todoList, toQueueRowView } from './queue.view';

const notice = (requestId: string, kind: string, text: string): StaffNoticeView => ({
  requestId,
  registrationNumber: `BEG-2026-0000${requestId}`,
  kind,
  text,
  at: '2026-12-06T08:00:00Z',
});

describe('the "Att göra" list', () => {
  it('names each request once, with what is to be done about it', () => {
    expect(
      todoList([
        notice('1', 'reminder', 'Påminnelse: beslut senast 2026-12-08'),
        notice('2', 'appeal', 'Nytt överklagande via statussidan'),
        notice('1', 'forwarding_reminder', 'Påminnelse: överklagandet ska lämnas över'),
        notice('1', 'reminder', 'Påminnelse: beslut senast 2026-12-08'),
      ]),
    ).toEqual([
      {
        requestId: '1',
        registrationNumber: 'BEG-2026-00001',
        texts: [
          'Påminnelse: beslut senast 2026-12-08',
          'Påminnelse: överklagandet ska lämnas över',
        ],
      },
      {
        requestId: '2',
        registrationNumber: 'BEG-2026-00002',
        texts: ['Nytt överklagande via statussidan'],
      },
    ]);
  });

  it('leaves out a reminder once the same clock has escalated', () => {
    expect(
      todoList([
        notice('1', 'reminder', 'Påminnelse: beslut senast 2026-12-08'),
        notice('1', 'escalation', 'Försenad: beslut skulle ha fattats senast 2026-12-08'),
        notice('1', 'first_action_reminder', 'Påminnelse: ingen har påbörjat begäran'),
      ]).map((todo) => todo.texts),
    ).toEqual([
      [
        'Försenad: beslut skulle ha fattats senast 2026-12-08',
        'Påminnelse: ingen har påbörjat begäran',
      ],
    ]);
  });
});

describe('a queue row', () => {
  const row: QueueRow = {
    id: 'r1',
    registrationNumber: 'BEG-2026-00001',
    status: 'delivered',
    channel: 'web',
    receivedOn: '2026-12-01',
    decisionDue: '2026-12-03',
    overdue: false,
    assignee: null,
    descriptionStart: 'Planen för min dotter.',
    closure: null,
    items: 0,
    decided: 0,
  };

  it('words a request closed without records as the request page does', () => {
    expect(toQueueRowView(row).statusLabel).toBe('Utlämnad');
    const closed = toQueueRowView({ ...row, closure: { kind: 'no_record', forwardedTo: null } });
    expect(closed.statusLabel).not.toBe('Utlämnad');
    expect(closed.statusLabel).toBe(
      toQueueRowView({
        ...row,
        status: 'decided',
        closure: { kind: 'no_record', forwardedTo: null },
      }).statusLabel,
    );
  });
});
