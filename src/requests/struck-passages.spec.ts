import { countStruckPassages } from './struck-passages';

describe('countStruckPassages', () => {
  it('counts nothing struck as none', () => {
    expect(countStruckPassages([])).toBe(0);
  });

  it('counts separate spans of a field one by one, and fields apart', () => {
    expect(
      countStruckPassages([
        { fieldId: 'goals.0.text', ground: 'OSL 23 kap. 2 §', span: { start: 0, end: 5 } },
        { fieldId: 'goals.0.text', ground: 'OSL 23 kap. 2 §', span: { start: 10, end: 15 } },
        { fieldId: 'talk.agreements', ground: 'OSL 23 kap. 2 §', span: { start: 3, end: 8 } },
      ]),
    ).toBe(3);
  });

  it('counts overlapping and touching spans as one passage, in any order', () => {
    expect(
      countStruckPassages([
        { fieldId: 'f', ground: 'a', span: { start: 8, end: 12 } },
        { fieldId: 'f', ground: 'b', span: { start: 0, end: 5 } },
        { fieldId: 'f', ground: 'a', span: { start: 5, end: 8 } },
        { fieldId: 'f', ground: 'a', span: { start: 2, end: 3 } },
      ]),
    ).toBe(1);
  });

  it('counts a struck whole field as one passage, whatever else is struck in it', () => {
    expect(
      countStruckPassages([
        { fieldId: 'f', ground: 'a', span: { start: 0, end: 5 } },
        { fieldId: 'f', ground: 'a' },
        { fieldId: 'g', ground: 'a' },
      ]),
    ).toBe(2);
  });
});
