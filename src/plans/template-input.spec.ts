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

describe('characters in a template', () => {
  const form = {
    periodKind: 'school_year',
    subjects: 'Svenska\nMatematik',
    scale: 'Godtagbara\nMer än godtagbara',
    questions: 'Hur trivs du?',
    includesOtherDevelopment: false,
  };

  it('writes ligatures as their letters', () => {
    const result = validateTemplate({ ...form, subjects: 'Svenska\nFysik\nﬁnska' });
    expect(result.ok && result.template.subjects).toEqual(['Svenska', 'Fysik', 'finska']);
  });

  it('refuses NUL and direction controls, naming the character and the field', () => {
    const result = validateTemplate({
      ...form,
      subjects: 'Svenska\nMate\u202ematik',
      questions: 'Hur trivs\u0000 du?',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => problem.field)).toEqual(['subjects', 'questions']);
    expect(problems[0]?.problems[0]).toContain('U+202E, höger-till-vänster-åsidosättning');
    expect(problems[1]?.problems[0]).toContain('(NUL, U+0000)');
  });
});
