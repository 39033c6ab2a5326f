import type { FieldProblem } from '../common/errors/domain-error';
import { expandLigatures, refusedCharacterProblem } from '../common/text-characters';
import type { PlanTemplate } from './plan-template';

export interface TemplateForm {
  readonly periodKind: string;
  /** One per line. */
  readonly subjects: string;
  /** One step per line, lowest first. */
  readonly scale: string;
  /** One question per line. */
  readonly questions: string;
  readonly includesOtherDevelopment: boolean;
}

export type TemplateValidation =
  | { readonly ok: true; readonly template: PlanTemplate }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

// Ligatures as their letters: subjects and questions are the headings of every copy of a plan.
const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => expandLigatures(line.normalize('NFC')).trim())
    .filter((line) => line !== '');

/** A stable code for a label: "Mer än godtagbara kunskaper" → "mer_an_godtagbara_kunskaper". */
export function codeOf(label: string): string {
  return label
    .toLowerCase()
    .replace(/[åä]/g, 'a')
    .replace(/ö/g, 'o')
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 60);
}

/** The principal's template as entered in the form, checked field by field (Swedish messages). */
export function validateTemplate(form: TemplateForm): TemplateValidation {
  const problems: FieldProblem[] = [];
  const subjects = lines(form.subjects);
  const scale = lines(form.scale);
  const questions = lines(form.questions);

  for (const field of ['subjects', 'scale', 'questions'] as const) {
    const problem = refusedCharacterProblem(form[field]);
    if (problem) {
      problems.push({ field, problems: [problem] });
    }
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  if (form.periodKind !== 'school_year' && form.periodKind !== 'term') {
    problems.push({ field: 'periodKind', problems: ['ska vara läsår eller termin'] });
  }
  if (subjects.length === 0 || subjects.length > 30) {
    problems.push({ field: 'subjects', problems: ['ska vara mellan 1 och 30 ämnen, ett per rad'] });
  } else if (new Set(subjects.map((subject) => subject.toLowerCase())).size !== subjects.length) {
    problems.push({ field: 'subjects', problems: ['innehåller samma ämne två gånger'] });
  }
  if (subjects.some((subject) => subject.length > 60)) {
    problems.push({ field: 'subjects', problems: ['har ett ämnesnamn över 60 tecken'] });
  }
  if (scale.length < 2 || scale.length > 6) {
    problems.push({ field: 'scale', problems: ['ska ha mellan 2 och 6 steg, ett per rad'] });
  } else if (
    new Set(scale.map(codeOf)).size !== scale.length ||
    scale.some((step) => codeOf(step) === '')
  ) {
    problems.push({ field: 'scale', problems: ['har två steg som inte går att skilja åt'] });
  }
  if (questions.length > 12 || questions.some((question) => question.length > 200)) {
    problems.push({
      field: 'questions',
      problems: ['får vara högst 12 frågor om högst 200 tecken'],
    });
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    template: {
      periodKind: form.periodKind as PlanTemplate['periodKind'],
      subjects,
      scale: scale.map((label) => ({ value: codeOf(label), label })),
      selfAssessmentQuestions: questions.map((text, index) => ({ id: `fraga_${index + 1}`, text })),
      includesOtherDevelopment: form.includesOtherDevelopment,
    },
  };
}
