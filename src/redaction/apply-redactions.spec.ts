import { applyRedactions, InvalidRedactionsError, Redaction } from './apply-redactions';
import type { RecordDocument } from './record-document';

const GROUNDS = ['OSL 23 kap. 2 §', 'OSL 21 kap. 3 §', 'OSL 21 kap. 7 §'];
const SUPPORT = 'OSL 23 kap. 2 §';
const IDENTITY = 'OSL 21 kap. 3 §';

const TEXT = 'Ester räknar säkert. Hon har stöd av Karin Öberg för dyskalkyli. Hon övar hemma.';

const document: RecordDocument = {
  title: 'Individuell utvecklingsplan (IUP)',
  registrationNumber: 'IUP-2026-00001',
  sections: [
    {
      heading: null,
      fields: [{ id: 'pupil.name', label: 'Elev', text: 'Ester Lind' }],
    },
    {
      heading: 'Skriftliga omdömen',
      fields: [{ id: 'assessments.0.text', heading: 'Matematik', text: TEXT }],
    },
  ],
};

function spanOf(text: string): { start: number; end: number } {
  const start = TEXT.indexOf(text);
  if (start < 0) throw new Error(`not in the text: ${text}`);
  return { start, end: start + text.length };
}

function apply(redactions: Redaction[]) {
  return applyRedactions(document, redactions, GROUNDS);
}

function segmentsOf(result: ReturnType<typeof apply>, id: string) {
  return result.document.sections.flatMap((s) => s.fields).find((f) => f.id === id)?.segments;
}

describe('applyRedactions', () => {
  it('replaces a struck span by a marker that holds only its ground', () => {
    const result = apply([
      {
        fieldId: 'assessments.0.text',
        ground: SUPPORT,
        span: spanOf('Hon har stöd av Karin Öberg för dyskalkyli.'),
      },
    ]);
    expect(segmentsOf(result, 'assessments.0.text')).toEqual([
      { kind: 'text', text: 'Ester räknar säkert. ' },
      { kind: 'marker', grounds: [SUPPORT] },
      { kind: 'text', text: ' Hon övar hemma.' },
    ]);
    expect(result.struckTexts).toEqual(['Hon har stöd av Karin Öberg för dyskalkyli.']);
    expect(result.markerCount).toBe(1);
    // Nothing struck is anywhere in what goes on to the renderer.
    const rendered = JSON.stringify(result.document);
    expect(rendered).not.toContain('Karin');
    expect(rendered).not.toContain('dyskalkyli');
    expect(Object.keys(segmentsOf(result, 'assessments.0.text')?.[1] ?? {}).sort()).toEqual([
      'grounds',
      'kind',
    ]);
  });

  it('strikes a whole field as one marker', () => {
    const result = apply([{ fieldId: 'pupil.name', ground: IDENTITY }]);
    expect(segmentsOf(result, 'pupil.name')).toEqual([{ kind: 'marker', grounds: [IDENTITY] }]);
    expect(result.struckTexts).toEqual(['Ester Lind']);
  });

  it('merges overlapping spans and unites their grounds', () => {
    const result = apply([
      { fieldId: 'assessments.0.text', ground: SUPPORT, span: spanOf('stöd av Karin') },
      { fieldId: 'assessments.0.text', ground: IDENTITY, span: spanOf('Karin Öberg') },
    ]);
    expect(segmentsOf(result, 'assessments.0.text')?.filter((s) => s.kind === 'marker')).toEqual([
      { kind: 'marker', grounds: [IDENTITY, SUPPORT] },
    ]);
    expect(result.struckTexts).toEqual(['stöd av Karin Öberg']);
  });

  it('makes one box of words struck one by one, so the count of boxes does not give the word count', () => {
    const words = ['Karin', 'Öberg', 'för', 'dyskalkyli.'];
    const result = apply(
      words.map((word) => ({ fieldId: 'assessments.0.text', ground: SUPPORT, span: spanOf(word) })),
    );
    expect(result.markerCount).toBe(1);
    expect(result.struckTexts).toEqual(['Karin Öberg för dyskalkyli.']);
  });

  it('merges touching spans, keeps spans apart when released words stand between them', () => {
    const start = TEXT.indexOf('Karin');
    const touching = apply([
      { fieldId: 'assessments.0.text', ground: SUPPORT, span: { start, end: start + 3 } },
      {
        fieldId: 'assessments.0.text',
        ground: SUPPORT,
        span: { start: start + 3, end: start + 5 },
      },
    ]);
    expect(touching.markerCount).toBe(1);
    const apart = apply([
      { fieldId: 'assessments.0.text', ground: SUPPORT, span: spanOf('Ester') },
      { fieldId: 'assessments.0.text', ground: SUPPORT, span: spanOf('Karin') },
    ]);
    expect(apart.markerCount).toBe(2);
  });

  it('a whole-field redaction swallows spans in the same field', () => {
    const result = apply([
      { fieldId: 'assessments.0.text', ground: SUPPORT, span: spanOf('Karin') },
      { fieldId: 'assessments.0.text', ground: IDENTITY },
    ]);
    expect(segmentsOf(result, 'assessments.0.text')).toEqual([
      { kind: 'marker', grounds: [IDENTITY, SUPPORT] },
    ]);
  });

  it('leaves the document as it is when nothing is struck', () => {
    const result = apply([]);
    expect(result.markerCount).toBe(0);
    expect(segmentsOf(result, 'assessments.0.text')).toEqual([{ kind: 'text', text: TEXT }]);
  });

  it.each([
    [{ start: -1, end: 3 }, 'utanför fältets text'],
    [{ start: 0, end: TEXT.length + 1 }, 'utanför fältets text'],
    [{ start: 5, end: 5 }, 'utanför fältets text'],
    [{ start: 7, end: 2 }, 'utanför fältets text'],
    [{ start: 1.5, end: 3 }, 'heltal'],
  ])('refuses the span %j instead of skipping it', (span, message) => {
    expect(() => apply([{ fieldId: 'assessments.0.text', ground: SUPPORT, span }])).toThrow(
      message,
    );
  });

  it('refuses unknown fields and grounds, naming each redaction at fault', () => {
    let caught: unknown;
    try {
      apply([
        { fieldId: 'assessments.0.text', ground: SUPPORT, span: spanOf('Karin') },
        { fieldId: 'assessments.9.text', ground: SUPPORT },
        { fieldId: 'pupil.name', ground: 'OSL 99 kap. 1 §' },
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRedactionsError);
    expect((caught as InvalidRedactionsError).problems.map((p) => p.index)).toEqual([1, 2]);
    expect((caught as InvalidRedactionsError).message).toContain('finns inte i handlingen');
    expect((caught as InvalidRedactionsError).message).toContain('inte en av de sekretessgrunder');
  });

  it('never cuts a character in two', () => {
    const emoji: RecordDocument = {
      ...document,
      sections: [{ heading: null, fields: [{ id: 'x', text: 'Bra 😀 jobbat' }] }],
    };
    expect(() =>
      applyRedactions(
        emoji,
        [{ fieldId: 'x', ground: SUPPORT, span: { start: 5, end: 8 } }],
        GROUNDS,
      ),
    ).toThrow('mitt itu');
  });
});
