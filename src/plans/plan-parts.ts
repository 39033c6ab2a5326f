import { randomUUID } from 'node:crypto';

import type { PupilAction } from '../auth/access-policy';
import { isIsoDate, stockholmToday } from '../common/stockholm';
import { expandLigatures } from '../common/text-characters';
import { FieldProblem, ValidationFailedError } from '../common/errors/domain-error';
import type { Goal, PlanContent } from './plan-content';
import type { PlanTemplate } from './plan-template';

/** One part of a plan, as its writer sends it. Each part has exactly one kind of writer. */
export type PlanPartChange =
  | {
      readonly part: 'assessment';
      readonly subject: string;
      readonly scaleValue: string | null;
      readonly text: string;
    }
  | {
      readonly part: 'goals';
      readonly goals: readonly GoalInput[];
      readonly otherDevelopment: string | null;
    }
  | {
      readonly part: 'talk';
      readonly date: string | null;
      readonly participants: readonly string[];
      readonly agreements: string;
    }
  | {
      readonly part: 'selfAssessment';
      readonly answers: readonly { readonly questionId: string; readonly answer: string }[];
      readonly text: string;
    }
  | { readonly part: 'comment'; readonly text: string }
  /** The mentor's answer to the guardian's comment at this place (0 first); replaces an earlier answer. */
  | { readonly part: 'commentAnswer'; readonly comment: number; readonly text: string };

export interface GoalInput {
  readonly id?: string;
  readonly subject: string | null;
  readonly text: string;
  readonly actions: { readonly school: string; readonly pupil: string; readonly guardian: string };
  readonly followUp: string;
}

export const MAX_TEXT = 4000;
export const MAX_GOALS = 12;

/** Which policy action writes this part (and for which subject). */
export function partAction(change: PlanPartChange): {
  action: PupilAction;
  subject: string | null;
} {
  switch (change.part) {
    case 'assessment':
      return { action: 'plan.assessment.write', subject: change.subject };
    case 'goals':
    case 'talk':
    case 'commentAnswer':
      return { action: 'plan.mentor.write', subject: null };
    case 'selfAssessment':
      return { action: 'plan.selfAssessment.write', subject: null };
    case 'comment':
      return { action: 'plan.comment.write', subject: null };
  }
}

/**
 * The draft with one part changed, or a ValidationFailedError naming every
 * field that is wrong (in Swedish). Pure: the same input, the same result.
 */
export function applyPart(
  draft: PlanContent,
  template: PlanTemplate,
  change: PlanPartChange,
  context: { guardianId: string; now: Date },
): PlanContent {
  const problems: FieldProblem[] = [];
  const text = (field: string, value: string, max = MAX_TEXT): string => {
    // Ligatures as their letters: a copy's font would hold a glyph its text layer never shows.
    const clean = expandLigatures(value.normalize('NFC')).trim();
    if (clean.length > max) {
      problems.push({ field, problems: [`får vara högst ${max} tecken`] });
    }
    return clean;
  };
  const done = (content: PlanContent): PlanContent => {
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    return content;
  };

  switch (change.part) {
    case 'assessment': {
      if (!template.subjects.includes(change.subject)) {
        problems.push({ field: 'subject', problems: ['är inte ett ämne i skolans mall'] });
      }
      if (
        change.scaleValue !== null &&
        !template.scale.some((step) => step.value === change.scaleValue)
      ) {
        problems.push({ field: 'scaleValue', problems: ['är inte ett steg på skolans skala'] });
      }
      const assessment = {
        subject: change.subject,
        scaleValue: change.scaleValue,
        text: text('text', change.text),
      };
      return done({
        ...draft,
        assessments: draft.assessments.map((existing) =>
          existing.subject === change.subject ? assessment : existing,
        ),
      });
    }
    case 'goals': {
      if (change.goals.length > MAX_GOALS) {
        problems.push({ field: 'goals', problems: [`får vara högst ${MAX_GOALS}`] });
      }
      const goals: Goal[] = change.goals.map((goal, index) => {
        if (goal.subject !== null && !template.subjects.includes(goal.subject)) {
          problems.push({
            field: `goals.${index}.subject`,
            problems: ['är inte ett ämne i skolans mall'],
          });
        }
        const goalText = text(`goals.${index}.text`, goal.text, 1000);
        if (goalText === '') {
          problems.push({ field: `goals.${index}.text`, problems: ['måste beskriva målet'] });
        }
        return {
          id: goal.id && /^[0-9a-f-]{36}$/.test(goal.id) ? goal.id : randomUUID(),
          subject: goal.subject,
          text: goalText,
          actions: {
            school: text(`goals.${index}.actions.school`, goal.actions.school, 1000),
            pupil: text(`goals.${index}.actions.pupil`, goal.actions.pupil, 1000),
            guardian: text(`goals.${index}.actions.guardian`, goal.actions.guardian, 1000),
          },
          followUp: text(`goals.${index}.followUp`, goal.followUp, 1000),
        };
      });
      const otherDevelopment =
        template.includesOtherDevelopment && change.otherDevelopment !== null
          ? text('otherDevelopment', change.otherDevelopment)
          : draft.otherDevelopment;
      return done({ ...draft, goals, otherDevelopment });
    }
    case 'talk': {
      if (change.date !== null && !isIsoDate(change.date)) {
        problems.push({ field: 'date', problems: ['ska vara ett datum (ÅÅÅÅ-MM-DD)'] });
      }
      if (change.participants.length > 12) {
        problems.push({ field: 'participants', problems: ['får vara högst 12'] });
      }
      const participants = change.participants
        .map((participant, index) => text(`participants.${index}`, participant, 120))
        .filter((participant) => participant !== '');
      return done({
        ...draft,
        talk: {
          date: change.date,
          participants,
          agreements: text('agreements', change.agreements),
        },
      });
    }
    case 'selfAssessment': {
      const known = new Set(template.selfAssessmentQuestions.map((question) => question.id));
      const answers = template.selfAssessmentQuestions.map((question) => {
        const given = change.answers.find((answer) => answer.questionId === question.id);
        return {
          questionId: question.id,
          answer: text(`answers.${question.id}`, given?.answer ?? '', 1000),
        };
      });
      for (const answer of change.answers) {
        if (!known.has(answer.questionId)) {
          problems.push({
            field: `answers.${answer.questionId}`,
            problems: ['är inte en fråga i skolans mall'],
          });
        }
      }
      return done({ ...draft, selfAssessment: { answers, text: text('text', change.text) } });
    }
    case 'comment': {
      const comment = text('text', change.text, 2000);
      if (comment === '') {
        problems.push({ field: 'text', problems: ['får inte vara tom'] });
      }
      return done({
        ...draft,
        guardianComments: [
          ...draft.guardianComments,
          { guardianId: context.guardianId, text: comment, writtenAt: context.now.toISOString() },
        ],
      });
    }
    case 'commentAnswer': {
      const field = `guardianComments.${change.comment}.answer.text`;
      const answered = Number.isInteger(change.comment)
        ? draft.guardianComments[change.comment]
        : undefined;
      if (!answered) {
        problems.push({ field: 'comment', problems: ['finns inte i planen'] });
      }
      const answer = text(field, change.text, 2000);
      if (answer === '') {
        problems.push({ field, problems: ['får inte vara tomt'] });
      }
      return done({
        ...draft,
        guardianComments: draft.guardianComments.map((comment, index) =>
          index === change.comment
            ? { ...comment, answer: { text: answer, writtenAt: context.now.toISOString() } }
            : comment,
        ),
      });
    }
  }
}

/** The talk has been held when its date is today or earlier (Swedish time). */
export function isTalkHeld(date: string | null, now: Date): boolean {
  return date !== null && isIsoDate(date) && date <= stockholmToday(now);
}

/**
 * The draft's talk date after a booked talk changed (the talks module): the day of the
 * pupil's earliest booked talk when there is one; when none is left, the date goes only if it
 * was the booking's (a date the mentor typed for a talk not booked here stays).
 */
export function bookedTalkDate(
  current: string | null,
  previousBooked: string | null,
  booked: string | null,
): string | null {
  if (booked !== null) {
    return booked;
  }
  return current !== null && current === previousBooked ? null : current;
}
