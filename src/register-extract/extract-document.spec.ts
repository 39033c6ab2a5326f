import { NO_CLASS_LIST_CHOICES } from '../guardians/class-list-choices';
import { buildExtractDocument, type ExtractSources } from './extract-document';
import { progressText, toExtractView } from './extract-views';

const GUARDIAN = '11111111-1111-4111-8111-111111111111';
const CHILD = '22222222-2222-4222-8222-222222222222';
const MENTOR_ACCOUNT = '33333333-3333-4333-8333-333333333333';

function sources(overrides: Partial<ExtractSources> = {}): ExtractSources {
  return {
    producedAt: new Date('2026-12-07T09:00:00Z'),
    municipalityName: 'Lerums kommun',
    register: {
      id: GUARDIAN,
      givenName: 'Karin',
      familyName: 'Lindqvist',
      civicNo: '198403123956',
      securityMarking: 'Ingen',
      importedEmail: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      enrolments: [],
      groups: [],
      children: [{ id: CHILD, name: 'Saga Hassan' }],
      guardians: [],
      duties: [],
    },
    account: null,
    contact: null,
    photo: null,
    notifications: [],
    plans: [],
    requests: [],
    planReads: [
      {
        pupilId: CHILD,
        action: 'plan.read',
        roles: ['mentor', 'teacher'],
        occurredAt: '2026-12-01T08:00:00.000Z',
      },
    ],
    talkBookings: [],
    talkHousehold: [],
    ...overrides,
  };
}

describe('buildExtractDocument', () => {
  it('lists the e-mail notices the person chose, with the address, in Swedish', () => {
    const document = buildExtractDocument(
      sources({
        notifications: [
          { kind: 'plan-ready', email: 'karin@exempel.se', updatedAt: '2026-12-01T08:00:00.000Z' },
        ],
      }),
    );
    expect(document.notifications).toEqual([
      {
        what: 'En ny utvecklingsplan kan förberedas',
        email: 'karin@exempel.se',
        chosenAt: '2026-12-01T08:00:00.000Z',
      },
    ]);
    expect(buildExtractDocument(sources()).notifications).toEqual([]);
  });

  it('says which roles read a child’s plan and when, in Swedish, never who (no ids at all)', () => {
    const document = buildExtractDocument(sources());
    expect(document.planReads).toEqual([
      {
        pupil: 'Saga Hassan',
        what: 'Planen',
        roles: ['Mentor', 'Lärare'],
        occurredAt: '2026-12-01T08:00:00.000Z',
      },
    ]);
    const text = JSON.stringify(document);
    expect(text).not.toContain(CHILD);
    expect(text).not.toContain(GUARDIAN);
    expect(text).not.toContain(MENTOR_ACCOUNT);
  });

  it('leaves out contact details nobody gave, and names the child a guardian’s request concerns', () => {
    const document = buildExtractDocument(
      sources({
        contact: {
          name: 'Karin Lindqvist',
          hasProtectedIdentity: false,
          hasPhoto: false,
          classListChoices: NO_CLASS_LIST_CHOICES,
          streetAddress: null,
          postalCode: null,
          city: null,
          phone: null,
          mobile: null,
          email: null,
        },
        requests: [
          {
            registrationNumber: 'BEG-2026-00010',
            receivedOn: '2026-12-07',
            channel: 'Vårdnadshavare, inloggad (Mina barn)',
            description: 'Alla planer.',
            concerningPupilId: CHILD,
            pupilName: null,
            delivery: 'Elektronisk kopia',
            contactName: 'Karin Lindqvist',
            contactEmail: null,
            contactPhone: null,
            postalAddress: null,
            status: 'Mottagen',
            decidedAt: null,
            deliveredAt: null,
          },
        ],
      }),
    );
    expect(document.contactDetails).toBeNull();
    expect(document.requests[0]).toMatchObject({ pupilName: 'Saga Hassan' });
    expect(document.requests[0]).not.toHaveProperty('concerningPupilId');
  });
});

describe('the class list choices in the extract', () => {
  const contact = {
    name: 'Karin Lindqvist',
    hasProtectedIdentity: false,
    hasPhoto: true,
    classListChoices: { ...NO_CLASS_LIST_CHOICES, phone: true, photo: true },
    streetAddress: null,
    postalCode: null,
    city: null,
    phone: '0302-52 10 00',
    mobile: null,
    email: null,
  };

  it('says what the class list shows of a guardian: the name and what they chose', () => {
    expect(buildExtractDocument(sources({ contact })).shownInClassList).toEqual([
      'Namn',
      'Telefon',
      'Bild',
    ]);
  });

  it('says nothing is shown for a guardian with protected identity (in no class list)', () => {
    expect(
      buildExtractDocument(sources({ contact: { ...contact, hasProtectedIdentity: true } }))
        .shownInClassList,
    ).toEqual([]);
  });

  it('names a teacher’s subjects-only read of a plan by its subjects', () => {
    const document = buildExtractDocument(
      sources({
        planReads: [
          {
            pupilId: CHILD,
            action: 'plan.read',
            roles: ['teacher'],
            occurredAt: '2026-12-01T08:00:00.000Z',
            subjects: ['Matematik'],
          },
          {
            pupilId: CHILD,
            action: 'record.review.read',
            roles: ['reviewer'],
            occurredAt: '2026-12-02T08:00:00.000Z',
          },
        ],
      }),
    );
    expect(document.planReads.map((read) => [read.what, read.roles])).toEqual([
      ['Planen (bara Matematik)', ['Lärare']],
      ['Den fastställda planen som allmän handling', ['Handläggare, Sektor Lärande']],
    ]);
  });
});

describe('the progress as the page words it', () => {
  const row = {
    id: 'x',
    person_id: GUARDIAN,
    asked_by: 'person' as const,
    requested_at: '2026-12-07T09:00:00Z',
    due_on: '2027-01-07',
    status: 'producing' as const,
    steps_done: 3,
    steps_total: 6,
    produced_at: null,
    sent_at: null,
    has_files: false,
  };

  it('counts the steps while the job runs and is whole once the files exist', () => {
    const running = toExtractView(row, '2026-12-07');
    expect(running.percent).toBe(50);
    expect(progressText(running)).toBe('Registerutdraget tas fram: steg 3 av 6 (50 %).');
    expect(toExtractView({ ...row, status: 'ready', has_files: true }, '2026-12-07').percent).toBe(
      100,
    );
  });

  it('is overdue after its day until it is sent', () => {
    expect(toExtractView(row, '2027-01-08').isOverdue).toBe(true);
    expect(toExtractView({ ...row, status: 'sent' }, '2027-01-08').isOverdue).toBe(false);
  });
});
