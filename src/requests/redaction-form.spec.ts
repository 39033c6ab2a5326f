import { controlName, redactionsFromForm, strikeValue } from './redaction-form';

const GROUNDS = ['OSL 23 kap. 2 §', 'OSL 21 kap. 3 §'];
const TEXT = 'Mamma nås på 070-123 45 67. Ring mamma efter fem.';
const FIELDS = [
  { id: 'talk.agreements', text: TEXT },
  { id: 'otherDevelopment', text: 'Stöd av elevhälsan.' },
];

describe('redactions from the review form', () => {
  it('reads suggestions, passages (every occurrence) and whole fields, each with its ground', () => {
    const { redactions, problems } = redactionsFromForm(
      FIELDS,
      {
        [controlName.ground('talk.agreements')]: 'OSL 21 kap. 3 §',
        [controlName.suggestion('talk.agreements')]: '13-26',
        [controlName.passage('talk.agreements')]: 'amma\n',
        [controlName.ground('otherDevelopment')]: 'OSL 23 kap. 2 §',
        [controlName.whole('otherDevelopment')]: '1',
      },
      GROUNDS,
    );
    expect(problems).toEqual([]);
    expect(redactions).toEqual([
      { fieldId: 'talk.agreements', ground: 'OSL 21 kap. 3 §', span: { start: 13, end: 26 } },
      { fieldId: 'talk.agreements', ground: 'OSL 21 kap. 3 §', span: { start: 1, end: 5 } },
      { fieldId: 'talk.agreements', ground: 'OSL 21 kap. 3 §', span: { start: 34, end: 38 } },
      { fieldId: 'otherDevelopment', ground: 'OSL 23 kap. 2 §' },
    ]);
  });

  it('leaves untouched fields alone', () => {
    expect(redactionsFromForm(FIELDS, {}, GROUNDS)).toEqual({ redactions: [], problems: [] });
  });

  it('says what is wrong: a passage not in the text, a missing ground, a forged suggestion', () => {
    const { problems } = redactionsFromForm(
      FIELDS,
      {
        [controlName.ground('talk.agreements')]: 'OSL 21 kap. 3 §',
        [controlName.passage('talk.agreements')]: 'pappa',
        [controlName.suggestion('talk.agreements')]: ['5-999', 'x'],
        [controlName.whole('otherDevelopment')]: '1',
        [controlName.ground('otherDevelopment')]: 'påhittad grund',
      },
      GROUNDS,
    );
    expect(problems.map((p) => p.field).sort()).toEqual([
      'ground__otherDevelopment',
      'passage__talk.agreements',
      'suggestion__talk.agreements',
      'suggestion__talk.agreements',
    ]);
    expect(JSON.stringify(problems)).toContain('finns inte i fältet');
  });

  it('reads a selected passage: that occurrence only, with its own ground, its text checked', () => {
    const second = TEXT.indexOf('mamma');
    const { redactions, problems } = redactionsFromForm(
      FIELDS,
      {
        [controlName.strike('talk.agreements')]: [
          strikeValue(second, second + 5, 'OSL 21 kap. 3 §', 'mamma'),
          strikeValue(13, 26, 'OSL 23 kap. 2 §', '070-123 45 67'),
        ],
      },
      GROUNDS,
    );
    expect(problems).toEqual([]);
    expect(redactions).toEqual([
      { fieldId: 'talk.agreements', ground: 'OSL 21 kap. 3 §', span: { start: 33, end: 38 } },
      { fieldId: 'talk.agreements', ground: 'OSL 23 kap. 2 §', span: { start: 13, end: 26 } },
    ]);
  });

  it('refuses a selection whose text is not at its place, or with a ground not configured', () => {
    const { redactions, problems } = redactionsFromForm(
      FIELDS,
      {
        [controlName.strike('talk.agreements')]: [
          strikeValue(0, 5, 'OSL 21 kap. 3 §', 'mamma'),
          strikeValue(0, 5, 'påhittad grund', 'Mamma'),
          strikeValue(40, 999, 'OSL 21 kap. 3 §', 'fem.'),
          'x',
        ],
      },
      GROUNDS,
    );
    expect(redactions).toEqual([]);
    expect(problems).toHaveLength(4);
    expect(JSON.stringify(problems)).toContain('står inte på det stället');
  });

  it('a ground may hold the separator: the configured grounds decide where it ends', () => {
    const grounds = ['OSL 21 kap. 3 §|särskild'];
    const { redactions, problems } = redactionsFromForm(
      FIELDS,
      { [controlName.strike('talk.agreements')]: strikeValue(0, 5, grounds[0] ?? '', 'Mamma') },
      grounds,
    );
    expect(problems).toEqual([]);
    expect(redactions).toEqual([
      { fieldId: 'talk.agreements', ground: grounds[0], span: { start: 0, end: 5 } },
    ]);
  });
});
