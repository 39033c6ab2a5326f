import { codeOf, validateTemplate } from './template-input';

describe('validateTemplate', () => {
  it('turns the principal’s lines into a template', () => {
    const result = validateTemplate({
      periodKind: 'term',
      subjects: 'Svenska\n Matematik \n\nEngelska',
      scale: 'Inte godtagbara kunskaper\nGodtagbara kunskaper\nMer än godtagbara kunskaper',
      questions: 'Hur trivs du?\nVad vill du lära dig?',
      includesOtherDevelopment: false,
    });

    expect(result).toEqual({
      ok: true,
      template: {
        periodKind: 'term',
        subjects: ['Svenska', 'Matematik', 'Engelska'],
        scale: [
          { value: 'inte_godtagbara_kunskaper', label: 'Inte godtagbara kunskaper' },
          { value: 'godtagbara_kunskaper', label: 'Godtagbara kunskaper' },
          { value: 'mer_an_godtagbara_kunskaper', label: 'Mer än godtagbara kunskaper' },
        ],
        selfAssessmentQuestions: [
          { id: 'fraga_1', text: 'Hur trivs du?' },
          { id: 'fraga_2', text: 'Vad vill du lära dig?' },
        ],
        includesOtherDevelopment: false,
      },
    });
  });

  it('says what is wrong, field by field', () => {
    const result = validateTemplate({
      periodKind: 'vecka',
      subjects: 'Svenska\nsvenska',
      scale: 'Bra',
      questions: '',
      includesOtherDevelopment: true,
    });

    expect(result.ok ? [] : result.problems.map((problem) => problem.field)).toEqual([
      'periodKind',
      'subjects',
      'scale',
    ]);
  });

  it('makes codes of Swedish labels', () => {
    expect(codeOf('Mer än godtagbara – kunskaper!')).toBe('mer_an_godtagbara_kunskaper');
  });
});
