import { DomainError, ErrorCode, FieldProblem } from '../common/errors/domain-error';
import { emptyContent, PlanContent } from './plan-content';
import { refuseHiddenCharacters } from './plan-free-text';
import type { PlanTemplate } from './plan-template';

const TEMPLATE: PlanTemplate = {
  periodKind: 'school_year',
  subjects: ['Svenska', 'Matematik'],
  scale: [{ value: 'E', label: 'Godtagbara kunskaper' }],
  selfAssessmentQuestions: [{ id: 'trivsel', text: 'Hur trivs du i skolan?' }],
  includesOtherDevelopment: true,
};

function refused(before: PlanContent, after: PlanContent): FieldProblem[] {
  try {
    refuseHiddenCharacters(before, after, TEMPLATE);
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.ValidationFailed) {
      return [...error.fields];
    }
    throw error;
  }
  return [];
}

describe('hidden characters in a plan save', () => {
  const empty = emptyContent(TEMPLATE);

  it('refuses direction controls and NUL in the texts written, naming the field as the page does', () => {
    const after: PlanContent = {
      ...empty,
      assessments: [
        { subject: 'Svenska', scaleValue: null, text: 'Läser \u202ebra' },
        { subject: 'Matematik', scaleValue: null, text: 'Räknar' },
      ],
      talk: { date: null, participants: ['Eleven', 'Mentor\u200f'], agreements: 'Läsa\u0000' },
    };
    const problems = refused(empty, after);
    expect(problems.map((problem) => [problem.field, problem.label])).toEqual([
      ['assessments.0.text', 'Svenska – Skriftligt omdöme'],
      ['talk.agreements', 'Utvecklingssamtal – Överenskommelser'],
      ['talk.participants.1', 'Utvecklingssamtal – Deltagare'],
    ]);
    expect(problems[0]?.problems[0]).toContain('(U+202E, höger-till-vänster-åsidosättning)');
    expect(problems[0]?.problems[0]).toContain('efter ”Läser”');
    expect(problems[1]?.problems[0]).toContain('(NUL, U+0000)');
    expect(problems[2]?.problems[0]).toContain('(U+200F, höger-till-vänster-markering)');
  });

  it('leaves texts saved before alone', () => {
    const before: PlanContent = {
      ...empty,
      otherDevelopment: 'Sparad \u202eförut',
    };
    const after: PlanContent = {
      ...before,
      selfAssessment: { ...before.selfAssessment, text: 'Ny' },
    };
    expect(refused(before, after)).toEqual([]);
  });
});
