import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { emptyContent, freeTexts, PlanContent } from './plan-content';
import {
  applyPart,
  bookedTalkDate,
  GoalInput,
  isTalkHeld,
  MAX_GOALS,
  partAction,
  PlanPartChange,
} from './plan-parts';
import type { PlanTemplate } from './plan-template';

const TEMPLATE: PlanTemplate = {
  periodKind: 'school_year',
  subjects: ['Svenska', 'Matematik'],
  scale: [
    { value: 'E', label: 'Godtagbara kunskaper' },
    { value: 'A', label: 'Mycket goda kunskaper' },
  ],
  selfAssessmentQuestions: [
    { id: 'trivsel', text: 'Hur trivs du i skolan?' },
    { id: 'lasning', text: 'Hur går läsningen?' },
  ],
  includesOtherDevelopment: true,
};
const GUARDIAN = '9b2f1d3e-5c4a-4e6b-8f7a-0a1b2c3d4e5f';
const NOW = new Date('2026-03-10T09:30:00Z');
const CONTEXT = { guardianId: GUARDIAN, now: NOW };

function apply(change: PlanPartChange, draft: PlanContent = emptyContent(TEMPLATE)): PlanContent {
  return applyPart(draft, TEMPLATE, change, CONTEXT);
}

/** Each field the change is refused for, with its first problem. */
function problemsOf(change: PlanPartChange): Record<string, string> {
  try {
    apply(change);
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.ValidationFailed) {
      return Object.fromEntries(error.fields.map((field) => [field.field, field.problems[0]]));
    }
    throw error;
  }
  throw new Error('the change was accepted');
}

function goal(overrides: Partial<GoalInput> = {}): GoalInput {
  return {
    subject: 'Svenska',
    text: 'Läsa en bok i månaden',
    actions: { school: 'Lästid varje dag', pupil: 'Läsa hemma', guardian: 'Fråga om boken' },
    followUp: '',
    ...overrides,
  };
}

describe('a plan part, changed by its writer', () => {
  it('names the policy action that writes each part', () => {
    expect(
      partAction({ part: 'assessment', subject: 'Svenska', scaleValue: null, text: '' }),
    ).toEqual({ action: 'plan.assessment.write', subject: 'Svenska' });
    expect(partAction({ part: 'goals', goals: [], otherDevelopment: null }).action).toBe(
      'plan.mentor.write',
    );
    expect(partAction({ part: 'talk', date: null, participants: [], agreements: '' }).action).toBe(
      'plan.mentor.write',
    );
    expect(partAction({ part: 'selfAssessment', answers: [], text: '' }).action).toBe(
      'plan.selfAssessment.write',
    );
    expect(partAction({ part: 'comment', text: 'Bra' }).action).toBe('plan.comment.write');
  });

  describe('the written assessment', () => {
    it('replaces only its own subject, trimmed and in NFC', () => {
      const draft = apply({
        part: 'assessment',
        subject: 'Matematik',
        scaleValue: 'A',
        // "Förstår" with a combining diaeresis: stored as one character.
        text: '  Fo\u0308rstår bråk.  ',
      });
      expect(draft.assessments).toEqual([
        { subject: 'Svenska', scaleValue: null, text: '' },
        { subject: 'Matematik', scaleValue: 'A', text: 'Förstår bråk.' },
      ]);
    });

    it('refuses a subject or a scale step the school’s template does not have', () => {
      expect(
        problemsOf({ part: 'assessment', subject: 'Latin', scaleValue: 'C', text: 'Bra' }),
      ).toEqual({
        subject: 'är inte ett ämne i skolans mall',
        scaleValue: 'är inte ett steg på skolans skala',
      });
    });

    it('refuses text over 4000 characters', () => {
      expect(
        problemsOf({
          part: 'assessment',
          subject: 'Svenska',
          scaleValue: null,
          text: 'a'.repeat(4001),
        }),
      ).toEqual({ text: 'får vara högst 4000 tecken' });
    });

    it('leaves the draft it was given untouched', () => {
      const draft = emptyContent(TEMPLATE);
      apply(
        { part: 'assessment', subject: 'Svenska', scaleValue: 'E', text: 'Läser flytande' },
        draft,
      );
      expect(draft.assessments[0]).toEqual({ subject: 'Svenska', scaleValue: null, text: '' });
    });
  });

  describe('goals and actions', () => {
    it('keeps a goal’s id, gives a new goal one, and writes other development', () => {
      const kept = '0f8e6c1a-2b3d-4e5f-8a9b-c0d1e2f3a4b5';
      const draft = apply({
        part: 'goals',
        goals: [goal({ id: kept }), goal({ id: 'not-an-id', subject: null })],
        otherDevelopment: ' Social utveckling ',
      });
      expect(draft.goals).toHaveLength(2);
      expect(draft.goals[0]?.id).toBe(kept);
      expect(draft.goals[1]?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(draft.goals[1]?.id).not.toBe('not-an-id');
      expect(draft.goals[1]?.subject).toBeNull();
      expect(draft.otherDevelopment).toBe('Social utveckling');
    });

    it('keeps other development when the template does not include it', () => {
      const template: PlanTemplate = { ...TEMPLATE, includesOtherDevelopment: false };
      const draft = applyPart(
        emptyContent(template),
        template,
        { part: 'goals', goals: [], otherDevelopment: 'Ignoreras' },
        CONTEXT,
      );
      expect(draft.otherDevelopment).toBeNull();
    });

    it('refuses an empty goal, an unknown subject and too many goals, by index', () => {
      const problems = problemsOf({
        part: 'goals',
        goals: [
          goal({ text: '   ' }),
          goal({ subject: 'Latin' }),
          ...Array(MAX_GOALS - 1).fill(goal()),
        ],
        otherDevelopment: null,
      });
      expect(problems).toEqual({
        goals: `får vara högst ${MAX_GOALS}`,
        'goals.0.text': 'måste beskriva målet',
        'goals.1.subject': 'är inte ett ämne i skolans mall',
      });
    });

    it('limits an action to 1000 characters', () => {
      expect(
        problemsOf({
          part: 'goals',
          goals: [goal({ actions: { school: 'x'.repeat(1001), pupil: '', guardian: '' } })],
          otherDevelopment: null,
        }),
      ).toEqual({ 'goals.0.actions.school': 'får vara högst 1000 tecken' });
    });
  });

  describe('the development talk', () => {
    it('drops blank participants and keeps the date and agreements', () => {
      const draft = apply({
        part: 'talk',
        date: '2026-03-09',
        participants: [' Mentor ', '  ', 'Vårdnadshavare'],
        agreements: ' Läsa hemma varje kväll ',
      });
      expect(draft.talk).toEqual({
        date: '2026-03-09',
        participants: ['Mentor', 'Vårdnadshavare'],
        agreements: 'Läsa hemma varje kväll',
      });
    });

    it('refuses a date that is not a calendar date and more than 12 participants', () => {
      expect(
        problemsOf({
          part: 'talk',
          date: '2026-02-30',
          participants: Array.from({ length: 13 }, (_, index) => `Deltagare ${index}`),
          agreements: '',
        }),
      ).toEqual({
        date: 'ska vara ett datum (ÅÅÅÅ-MM-DD)',
        participants: 'får vara högst 12',
      });
    });
  });

  describe('the self-assessment', () => {
    it('answers every question of the template in its order, blank where none was given', () => {
      const draft = apply({
        part: 'selfAssessment',
        answers: [{ questionId: 'lasning', answer: ' Bra ' }],
        text: 'Jag vill bli bättre på matte.',
      });
      expect(draft.selfAssessment).toEqual({
        answers: [
          { questionId: 'trivsel', answer: '' },
          { questionId: 'lasning', answer: 'Bra' },
        ],
        text: 'Jag vill bli bättre på matte.',
      });
    });

    it('refuses an answer to a question the template does not ask', () => {
      expect(
        problemsOf({
          part: 'selfAssessment',
          answers: [{ questionId: 'okand', answer: 'Ja' }],
          text: '',
        }),
      ).toEqual({ 'answers.okand': 'är inte en fråga i skolans mall' });
    });
  });

  describe('a guardian’s comment', () => {
    it('is added after the earlier ones, with who wrote it and when', () => {
      const earlier = { guardianId: 'other', text: 'Tack', writtenAt: '2026-01-01T08:00:00.000Z' };
      const draft = apply(
        { part: 'comment', text: ' Vi läser hemma. ' },
        { ...emptyContent(TEMPLATE), guardianComments: [earlier] },
      );
      expect(draft.guardianComments).toEqual([
        earlier,
        { guardianId: GUARDIAN, text: 'Vi läser hemma.', writtenAt: NOW.toISOString() },
      ]);
    });

    it('is refused empty or over 2000 characters', () => {
      expect(problemsOf({ part: 'comment', text: '   ' })).toEqual({ text: 'får inte vara tom' });
      expect(problemsOf({ part: 'comment', text: 'a'.repeat(2001) })).toEqual({
        text: 'får vara högst 2000 tecken',
      });
    });
  });

  describe('the mentor’s answer to a comment', () => {
    const comment = { guardianId: 'mira', text: 'Tack!', writtenAt: '2026-01-01T08:00:00.000Z' };
    const withComment = { ...emptyContent(TEMPLATE), guardianComments: [comment, comment] };

    it('is the mentor’s to write', () => {
      expect(partAction({ part: 'commentAnswer', comment: 0, text: 'Hej' }).action).toBe(
        'plan.mentor.write',
      );
    });

    it('is kept with the comment it answers, and replaced when written again', () => {
      const answered = apply({ part: 'commentAnswer', comment: 1, text: ' Vi ses! ' }, withComment);
      expect(answered.guardianComments).toEqual([
        comment,
        { ...comment, answer: { text: 'Vi ses!', writtenAt: NOW.toISOString() } },
      ]);
      const again = apply({ part: 'commentAnswer', comment: 1, text: 'Välkomna.' }, answered);
      expect(again.guardianComments[1].answer?.text).toBe('Välkomna.');
      expect(freeTexts(again).map((entry) => entry.path)).toContain(
        'guardianComments.1.answer.text',
      );
    });

    it('is refused for a comment that is not there, or empty', () => {
      expect(problemsOf({ part: 'commentAnswer', comment: 0, text: 'Hej' })).toEqual({
        comment: 'finns inte i planen',
      });
      expect(() => apply({ part: 'commentAnswer', comment: 0, text: ' ' }, withComment)).toThrow(
        DomainError,
      );
    });
  });
});

describe('whether the talk is held', () => {
  it('is held on its day and after, in Swedish time', () => {
    // 23:30 UTC on 9 March is already 10 March in Stockholm.
    const lateEvening = new Date('2026-03-09T23:30:00Z');
    expect(isTalkHeld('2026-03-10', lateEvening)).toBe(true);
    expect(isTalkHeld('2026-03-11', lateEvening)).toBe(false);
    expect(isTalkHeld('2026-03-01', lateEvening)).toBe(true);
  });

  it('is not held without a date or with one that is not a date', () => {
    expect(isTalkHeld(null, NOW)).toBe(false);
    expect(isTalkHeld('2026-13-01', NOW)).toBe(false);
  });
});

describe('characters typed into a plan', () => {
  it('writes presentation-form ligatures as their letters, and nothing else', () => {
    const content = apply({
      part: 'assessment',
      subject: 'Svenska',
      scaleValue: null,
      text: 'Eleven har ﬁna resultat i ﬂera ämnen, också på café i Malmö.',
    });
    expect(content.assessments[0]?.text).toBe(
      'Eleven har fina resultat i flera ämnen, också på café i Malmö.',
    );
    const talk = apply({
      part: 'talk',
      date: null,
      participants: ['Eleven', 'Staﬀan'],
      agreements: 'Eﬀektiv läsning',
    });
    expect(talk.talk).toEqual({
      date: null,
      participants: ['Eleven', 'Staffan'],
      agreements: 'Effektiv läsning',
    });
  });
});

describe('bookedTalkDate', () => {
  it('takes the booked day, over what was there', () => {
    expect(bookedTalkDate(null, null, '2027-01-19')).toBe('2027-01-19');
    expect(bookedTalkDate('2027-01-12', '2027-01-12', '2027-01-19')).toBe('2027-01-19');
    expect(bookedTalkDate('2027-01-05', null, '2027-01-19')).toBe('2027-01-19');
  });

  it('clears the date on a cancellation only when it was the booking’s', () => {
    expect(bookedTalkDate('2027-01-19', '2027-01-19', null)).toBeNull();
    expect(bookedTalkDate('2027-01-05', '2027-01-19', null)).toBe('2027-01-05');
    expect(bookedTalkDate(null, '2027-01-19', null)).toBeNull();
  });
});
