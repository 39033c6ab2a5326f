import type { PlanContent } from './plan-content';
import type { PlanTemplate } from './plan-template';

/** Where a free text of the plan sits on the plan page, and what the person sees it called. */
export interface PlanField {
  /** The name the page shows: "Matematik – Skriftligt omdöme", "Mål 2 – Det här gör eleven". */
  readonly label: string;
  /** The id of the field's textarea on the plan page. */
  readonly elementId: string;
}

const GOAL_PARTS: Readonly<Record<string, readonly [string, string]>> = {
  text: ['Målet', 'text'],
  'actions.school': ['Det här gör skolan', 'school'],
  'actions.pupil': ['Det här gör eleven', 'pupil'],
  'actions.guardian': ['Det här gör vårdnadshavare', 'guardian'],
  followUp: ['Uppföljning av målet', 'followUp'],
};

/** The other fields a save's validation names (`date`, `participants`, …). */
const OTHER_FIELDS: Readonly<Record<string, PlanField>> = {
  subject: { label: 'Ämne', elementId: 'rubrik-bedomningar' },
  scaleValue: { label: 'Kunskaper', elementId: 'rubrik-bedomningar' },
  date: { label: 'Utvecklingssamtal – Datum', elementId: 'talk-date' },
  participants: { label: 'Utvecklingssamtal – Deltagare', elementId: 'participants' },
  text: { label: 'Texten', elementId: 'rubrik-kommentarer' },
  comment: { label: 'Kommentaren', elementId: 'rubrik-kommentarer' },
  confidentialityMarking: { label: 'Sekretessmarkering', elementId: 'marking' },
  confidentialityReviewOn: { label: 'Omprövas senast', elementId: 'marking-review' },
};

/**
 * The field behind a free text's path (`goals.1.actions.pupil`, as
 * `freeTexts` names them), as the plan page shows it. `goalRow` maps a goal's
 * place in the content to its row in the submitted form, which may differ
 * when empty rows were left out.
 */
export function planField(
  path: string,
  content: PlanContent,
  template: PlanTemplate,
  goalRow: (index: number) => number = (index) => index,
): PlanField {
  const [part, indexText, ...rest] = path.split('.');
  const index = Number(indexText);
  switch (part) {
    case 'assessments':
      return {
        label: `${content.assessments[index]?.subject ?? 'Ämne'} – Skriftligt omdöme`,
        elementId: `assessment-${index + 1}`,
      };
    case 'goals': {
      if (!Number.isInteger(index)) {
        return { label: 'Mål', elementId: 'rubrik-mal' };
      }
      if (rest.join('.') === 'subject') {
        return { label: `Mål ${index + 1} – Gäller`, elementId: `goal-${goalRow(index)}-subject` };
      }
      const [label, suffix] = GOAL_PARTS[rest.join('.')] ?? GOAL_PARTS.text;
      return {
        label: `Mål ${index + 1} – ${label}`,
        elementId: `goal-${goalRow(index)}-${suffix}`,
      };
    }
    case 'selfAssessment': {
      if (indexText === 'text') {
        return { label: 'Självskattning – Med egna ord', elementId: 'self-text' };
      }
      const questionId = content.selfAssessment.answers[Number(rest[0])]?.questionId ?? '';
      const question = template.selfAssessmentQuestions.find((q) => q.id === questionId);
      return {
        label: `Självskattning – ${question?.text ?? 'Svar'}`,
        elementId: `answer-${questionId}`,
      };
    }
    case 'otherDevelopment':
      return { label: 'Utveckling i övrigt', elementId: 'other' };
    case 'guardianComments':
      return rest[0] === 'answer'
        ? { label: `Svar på kommentar ${index + 1}`, elementId: `comment-answer-${index}` }
        : { label: 'Din kommentar', elementId: 'comment' };
    case 'talk':
      return indexText === 'participants'
        ? OTHER_FIELDS.participants
        : { label: 'Utvecklingssamtal – Överenskommelser', elementId: 'agreements' };
    case 'answers': {
      const question = template.selfAssessmentQuestions.find((q) => q.id === indexText);
      return {
        label: `Självskattning – ${question?.text ?? 'Svar'}`,
        elementId: `answer-${indexText}`,
      };
    }
    default:
      return OTHER_FIELDS[path] ?? { label: 'Planen', elementId: 'rubrik-mal' };
  }
}
