import { countUnsuggestedPassages, SuggestedField } from './guard-misses';

const fields = new Map<string, SuggestedField>([
  // "Eleven har adhd och trivs." — the guard suggests "adhd" (10–14).
  ['goals.0.text', { text: 'Eleven har adhd och trivs.', suggestions: [{ start: 10, end: 14 }] }],
  ['talk.agreements', { text: 'Vi ses igen i maj.', suggestions: [] }],
]);

describe('passages struck that the guard did not suggest', () => {
  it('does not count a strike over a suggestion, nor a wider one around it', () => {
    expect(
      countUnsuggestedPassages(
        [{ fieldId: 'goals.0.text', ground: 'OSL', span: { start: 10, end: 14 } }],
        fields,
      ),
    ).toBe(0);
    expect(
      countUnsuggestedPassages(
        [{ fieldId: 'goals.0.text', ground: 'OSL', span: { start: 0, end: 18 } }],
        fields,
      ),
    ).toBe(0);
  });

  it('counts a strike elsewhere, and a whole field the guard left alone, once per passage', () => {
    expect(
      countUnsuggestedPassages(
        [
          { fieldId: 'goals.0.text', ground: 'OSL', span: { start: 19, end: 25 } },
          // Two strikes touching each other are one passage.
          { fieldId: 'talk.agreements', ground: 'OSL', span: { start: 0, end: 6 } },
          { fieldId: 'talk.agreements', ground: 'OSL', span: { start: 6, end: 12 } },
        ],
        fields,
      ),
    ).toBe(2);
    expect(countUnsuggestedPassages([{ fieldId: 'talk.agreements', ground: 'OSL' }], fields)).toBe(
      1,
    );
    // A whole field with a suggestion in it was suggested.
    expect(countUnsuggestedPassages([{ fieldId: 'goals.0.text', ground: 'OSL' }], fields)).toBe(0);
  });

  it('ignores a field the record no longer has and a strike ending where a suggestion starts', () => {
    expect(countUnsuggestedPassages([{ fieldId: 'gone', ground: 'OSL' }], fields)).toBe(0);
    expect(
      countUnsuggestedPassages(
        [{ fieldId: 'goals.0.text', ground: 'OSL', span: { start: 0, end: 10 } }],
        fields,
      ),
    ).toBe(1);
  });
});
