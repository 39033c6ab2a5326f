/**
 * How a school unit's plans look, decided by its principal (skollagen 10 kap.
 * 12–13 §§ leaves the format to them): which subjects are assessed, the
 * assessment scale, the self-assessment questions, whether development "in
 * other respects" is part of the plan, and whether a plan covers a school
 * year or a term.
 */
export interface PlanTemplate {
  readonly periodKind: 'school_year' | 'term';
  readonly subjects: readonly string[];
  readonly scale: readonly ScaleStep[];
  readonly selfAssessmentQuestions: readonly SelfAssessmentQuestion[];
  readonly includesOtherDevelopment: boolean;
}

export interface ScaleStep {
  readonly value: string;
  readonly label: string;
}

export interface SelfAssessmentQuestion {
  readonly id: string;
  readonly text: string;
}

export const DEFAULT_PLAN_TEMPLATE: PlanTemplate = {
  periodKind: 'school_year',
  subjects: [
    'Svenska',
    'Matematik',
    'Engelska',
    'Biologi',
    'Fysik',
    'Kemi',
    'Teknik',
    'Geografi',
    'Historia',
    'Religionskunskap',
    'Samhällskunskap',
    'Bild',
    'Musik',
    'Slöjd',
    'Idrott och hälsa',
    'Hem- och konsumentkunskap',
  ],
  scale: [
    { value: 'inte_godtagbara', label: 'Inte godtagbara kunskaper' },
    { value: 'godtagbara', label: 'Godtagbara kunskaper' },
    { value: 'mer_an_godtagbara', label: 'Mer än godtagbara kunskaper' },
  ],
  selfAssessmentQuestions: [
    { id: 'trivsel', text: 'Hur trivs du i skolan och i din klass?' },
    { id: 'styrkor', text: 'Vad tycker du att du är bra på?' },
    { id: 'utveckla', text: 'Vad vill du bli bättre på?' },
    { id: 'hjalp', text: 'Vad hjälper dig att lära dig?' },
  ],
  includesOtherDevelopment: true,
};

/** The school year a date falls in: from 1 July, e.g. 2026-11-28 → "2026/27". */
export function schoolYearOf(date: Date): string {
  const year = date.getUTCFullYear();
  const start = date.getUTCMonth() >= 6 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The term a date falls in: HT (autumn, from 1 July) or VT (spring), e.g. "HT 2026". */
export function termOf(date: Date): string {
  return `${date.getUTCMonth() >= 6 ? 'HT' : 'VT'} ${date.getUTCFullYear()}`;
}

export function periodOf(template: PlanTemplate, date: Date): string {
  return template.periodKind === 'term' ? termOf(date) : schoolYearOf(date);
}
