import {
  expandLigatures,
  refusedCharacterProblem,
  withoutDirectionControls,
} from './text-characters';

describe('ligatures', () => {
  it('are written as their letters', () => {
    expect(expandLigatures('ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ')).toBe('ff fi fl ffi ffl st st');
    expect(expandLigatures('Eleven har ﬁna ﬂöden')).toBe('Eleven har fina flöden');
  });

  it('are the only thing changed: the rest stays as typed', () => {
    // NFKC of the whole text would change these; only the ligatures are normalised.
    const typed = 'Å Ä Ö å ä ö e\u0301 x² ½ ™ … ＡＢ µ \u00a0 ﬗ';
    expect(expandLigatures(typed)).toBe(typed);
  });
});

describe('refused characters', () => {
  it('accept ordinary text', () => {
    expect(refusedCharacterProblem('Eleven läser med flyt.\nHon övar hemma.')).toBeNull();
    expect(refusedCharacterProblem('')).toBeNull();
  });

  it('name a NUL by its name and code, and where it stands', () => {
    const problem = refusedCharacterProblem('Min dotters plan\u0000 från 2025');
    expect(problem).toMatch(/^innehåller ett otillåtet tecken \(NUL, U\+0000\)/);
    expect(problem).toContain('efter ”Min dotters plan”');
    expect(problem).not.toContain('\u0000');
  });

  it('name each direction control by its code and what it does', () => {
    const cases: [string, string][] = [
      ['\u202e', 'U+202E, höger-till-vänster-åsidosättning'],
      ['\u202a', 'U+202A, vänster-till-höger-inbäddning'],
      ['\u2066', 'U+2066, vänster-till-höger-isolering'],
      ['\u2069', 'U+2069, slut på riktningsisolering'],
      ['\u200e', 'U+200E, vänster-till-höger-markering'],
      ['\u200f', 'U+200F, höger-till-vänster-markering'],
      ['\u061c', 'U+061C, arabisk bokstavsmarkering'],
    ];
    for (const [character, named] of cases) {
      const problem = refusedCharacterProblem(`Eleven ${character}läser`);
      expect(problem).toContain('styr skrivriktningen');
      expect(problem).toContain(named);
      expect(problem).toContain('efter ”Eleven”');
    }
  });

  it('say where in a long text, quoting whole words before it', () => {
    const problem = refusedCharacterProblem(
      'Eleven har under hösten arbetat mycket bra med läsförståelse \u202eoch skrivande.',
    );
    expect(problem).toContain('efter ”…mycket bra med läsförståelse”');
    expect(refusedCharacterProblem('\u200fHej')).toContain('i början av texten');
  });

  it('leave the zero-width joiners Swedish and other scripts need', () => {
    expect(refusedCharacterProblem('👩\u200d👩\u200d👧 och ord\u200bdelning')).toBeNull();
  });

  it('are dropped from text drawn from what was stored before', () => {
    expect(withoutDirectionControls('a\u202eb\u2066c\u200fd\u061ce')).toBe('abcde');
  });
});
