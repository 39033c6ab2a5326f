import type { PlanTemplate } from './plan-template';

/** The teacher's written assessment of one subject against the knowledge requirements. */
export interface WrittenAssessment {
  readonly subject: string;
  /** A value of the template's scale, or null when not yet assessed. */
  readonly scaleValue: string | null;
  readonly text: string;
}

export interface GoalActions {
  readonly school: string;
  readonly pupil: string;
  readonly guardian: string;
}

/** A realistic, achievable goal, tied to a subject or (subject null) to development in general. */
export interface Goal {
  readonly id: string;
  readonly subject: string | null;
  readonly text: string;
  readonly actions: GoalActions;
  /** How last period's goal went, written at the follow-up. */
  readonly followUp: string;
}

/** The pupil's own view; shown beside the teacher's assessment, never merged into it. */
export interface SelfAssessment {
  readonly answers: readonly { readonly questionId: string; readonly answer: string }[];
  readonly text: string;
}

/** The mentor's answer to a guardian's comment, kept with the comment in the draft. */
export interface CommentAnswer {
  readonly text: string;
  readonly writtenAt: string;
}

export interface GuardianComment {
  readonly guardianId: string;
  readonly text: string;
  readonly writtenAt: string;
  /** Absent or null until the mentor answers (content stored before answers has none). */
  readonly answer?: CommentAnswer | null;
}

export interface DevelopmentTalk {
  /** YYYY-MM-DD, or null before the talk is held. */
  readonly date: string | null;
  readonly participants: readonly string[];
  readonly agreements: string;
}

/** Everything a plan says. A draft is this plus a revision; an established version freezes it. */
export interface PlanContent {
  readonly assessments: readonly WrittenAssessment[];
  readonly goals: readonly Goal[];
  readonly selfAssessment: SelfAssessment;
  readonly otherDevelopment: string | null;
  readonly guardianComments: readonly GuardianComment[];
  readonly talk: DevelopmentTalk;
}

/** A new, empty plan laid out by the school unit's template. */
export function emptyContent(template: PlanTemplate): PlanContent {
  return {
    assessments: template.subjects.map((subject) => ({ subject, scaleValue: null, text: '' })),
    goals: [],
    selfAssessment: {
      answers: template.selfAssessmentQuestions.map((question) => ({
        questionId: question.id,
        answer: '',
      })),
      text: '',
    },
    otherDevelopment: template.includesOtherDevelopment ? '' : null,
    guardianComments: [],
    talk: { date: null, participants: [], agreements: '' },
  };
}

/** The next version's draft starts from the established content, with last period's goals kept for follow-up. */
export function nextDraftContent(established: PlanContent): PlanContent {
  return {
    ...established,
    guardianComments: [],
    talk: { date: null, participants: [], agreements: '' },
  };
}

/** Every free text in the content with where it sits, for the content guard and for diffs. */
export function freeTexts(content: PlanContent): { path: string; text: string }[] {
  return [
    ...content.assessments.map((a, i) => ({ path: `assessments.${i}.text`, text: a.text })),
    ...content.goals.flatMap((goal, i) => [
      { path: `goals.${i}.text`, text: goal.text },
      { path: `goals.${i}.actions.school`, text: goal.actions.school },
      { path: `goals.${i}.actions.pupil`, text: goal.actions.pupil },
      { path: `goals.${i}.actions.guardian`, text: goal.actions.guardian },
      { path: `goals.${i}.followUp`, text: goal.followUp },
    ]),
    ...content.selfAssessment.answers.map((a, i) => ({
      path: `selfAssessment.answers.${i}.answer`,
      text: a.answer,
    })),
    { path: 'selfAssessment.text', text: content.selfAssessment.text },
    ...(content.otherDevelopment !== null
      ? [{ path: 'otherDevelopment', text: content.otherDevelopment }]
      : []),
    ...content.guardianComments.flatMap((c, i) => [
      { path: `guardianComments.${i}.text`, text: c.text },
      { path: `guardianComments.${i}.answer.text`, text: c.answer?.text ?? '' },
    ]),
    { path: 'talk.agreements', text: content.talk.agreements },
  ].filter((entry) => entry.text.trim() !== '');
}
