import { StaffNoticeView, todoList } from './queue.view';

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
