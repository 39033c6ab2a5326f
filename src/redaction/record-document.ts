import type { PlanContent } from '../plans/plan-content';
import type { PlanTemplate } from '../plans/plan-template';

/**
 * One piece of a record that can be released or struck. `heading` and
 * `label` come from the template (subject names, questions, fixed words) and
 * are never struck; `text` is what the record says and may be.
 */
export interface RecordField {
  /** Stable address of the field, e.g. `assessments.2.text`; redactions name it. */
  readonly id: string;
  /** A subheading drawn above the field. */
  readonly heading?: string;
  /** A short label drawn before the text on the same line, e.g. "Datum". */
  readonly label?: string;
  readonly text: string;
}

export interface RecordSection {
  readonly heading: string | null;
  readonly fields: readonly RecordField[];
}

/** A frozen record version as structured data: what a copy is made from. */
export interface RecordDocument {
  /** What kind of document this is, e.g. "Individuell utvecklingsplan (IUP)". */
  readonly title: string;
  readonly registrationNumber: string;
  readonly sections: readonly RecordSection[];
}

export interface PlanVersionSource {
  readonly registrationNumber: string;
  readonly pupilName: string;
  readonly schoolUnitName: string;
  readonly period: string;
  readonly version: number;
  readonly establishedOn: string;
  readonly template: PlanTemplate;
  readonly content: PlanContent;
}

/** Every field of an established plan version, in the order the plan is read. */
export function planRecordDocument(source: PlanVersionSource): RecordDocument {
  const { content, template } = source;
  const scale = new Map(template.scale.map((step) => [step.value, step.label]));
  const questions = new Map(template.selfAssessmentQuestions.map((q) => [q.id, q.text]));

  const assessments: RecordField[] = content.assessments.flatMap((assessment, i) => {
    const fields: RecordField[] = [];
    if (assessment.scaleValue) {
      fields.push({
        id: `assessments.${i}.scaleValue`,
        heading: assessment.subject,
        label: 'Bedömning',
        text: scale.get(assessment.scaleValue) ?? assessment.scaleValue,
      });
    }
    if (assessment.text.trim()) {
      fields.push({
        id: `assessments.${i}.text`,
        ...(fields.length === 0 ? { heading: assessment.subject } : {}),
        text: assessment.text,
      });
    }
    return fields;
  });

  const selfAssessment: RecordField[] = [
    ...content.selfAssessment.answers.flatMap((answer, i) =>
      answer.answer.trim()
        ? [
            {
              id: `selfAssessment.answers.${i}.answer`,
              heading: questions.get(answer.questionId) ?? answer.questionId,
              text: answer.answer,
            },
          ]
        : [],
    ),
    ...optional('selfAssessment.text', content.selfAssessment.text, { heading: 'Med egna ord' }),
  ];

  const goals: RecordField[] = [
    ...content.goals.flatMap((goal, i) => [
      {
        id: `goals.${i}.text`,
        heading: `Mål ${i + 1} (${goal.subject ?? 'utveckling i övrigt'})`,
        text: goal.text,
      },
      ...optional(`goals.${i}.actions.school`, goal.actions.school, { label: 'Skolan' }),
      ...optional(`goals.${i}.actions.pupil`, goal.actions.pupil, { label: 'Eleven' }),
      ...optional(`goals.${i}.actions.guardian`, goal.actions.guardian, {
        label: 'Vårdnadshavare',
      }),
      ...optional(`goals.${i}.followUp`, goal.followUp, { label: 'Uppföljning' }),
    ]),
    ...optional('otherDevelopment', content.otherDevelopment ?? '', {
      heading: 'Utveckling i övrigt',
    }),
  ];

  const comments: RecordField[] = content.guardianComments.flatMap((comment, i) => [
    ...optional(`guardianComments.${i}.text`, comment.text, {}),
    ...optional(`guardianComments.${i}.answer.text`, comment.answer?.text ?? '', {
      label: 'Mentorns svar',
    }),
  ]);

  const talk: RecordField[] = [
    ...optional('talk.date', content.talk.date ?? '', { label: 'Datum' }),
    ...optional('talk.participants', content.talk.participants.join(', '), {
      label: 'Deltagare',
    }),
    ...optional('talk.agreements', content.talk.agreements, { heading: 'Överenskommelser' }),
  ];

  return {
    title: 'Individuell utvecklingsplan (IUP)',
    registrationNumber: source.registrationNumber,
    sections: [
      {
        heading: null,
        fields: [
          { id: 'pupil.name', label: 'Elev', text: source.pupilName },
          { id: 'schoolUnit.name', label: 'Skola', text: source.schoolUnitName },
          { id: 'period', label: 'Period', text: source.period },
          {
            id: 'version',
            label: 'Version',
            text: `${source.version}, fastställd ${source.establishedOn}`,
          },
        ],
      },
      { heading: 'Skriftliga omdömen', fields: assessments },
      { heading: 'Elevens självskattning', fields: selfAssessment },
      { heading: 'Mål och insatser', fields: goals },
      ...(comments.length > 0
        ? [{ heading: 'Vårdnadshavares kommentarer', fields: comments }]
        : []),
      { heading: 'Utvecklingssamtal', fields: talk },
    ],
  };
}

function optional(
  id: string,
  text: string,
  placement: { heading?: string; label?: string },
): RecordField[] {
  return text.trim() ? [{ id, ...placement, text }] : [];
}

/** Every field of the document by id. */
export function fieldsById(document: RecordDocument): Map<string, RecordField> {
  return new Map(
    document.sections.flatMap((section) => section.fields.map((field) => [field.id, field])),
  );
}
