import { checkText, MAX_TEXT_LENGTH } from './check-text';

const categories = (text: string): string[] => checkText(text).map((finding) => finding.category);

describe('checkText', () => {
  it.each([
    ['Eleven har en ADHD-diagnos.', 'health'],
    ['Hon blev diagnostiserad i våras.', 'health'],
    ['Han är muslim.', 'religion'],
    ['Familjen är Jehovas vittne.', 'religion'],
    ['Eleven är hbtq.', 'sexual_life'],
    ['Brodern är kriminell.', 'criminal_offence'],
    ['Han är lat.', 'character_judgement'],
  ])('finds %s', (text, category) => {
    expect(categories(text)).toEqual([category]);
  });

  it.each([
    'Använd lathunden när du räknar.',
    'Vi gör ett diagnostiskt prov i matematik.',
    'Religionskunskap är ett roligt ämne.',
    'Eleven har godtagbara kunskaper i idrott och hälsa.',
    'Telefonnummer som 1234567 är bra exempel på stora tal.',
  ])('leaves %s alone', (text) => {
    expect(checkText(text)).toEqual([]);
  });

  it('gives exact UTF-16 spans, also after emoji and å, ä, ö', () => {
    const text = '😀 Åsa är lat, och hon har diabetes.';

    const findings = checkText(text);

    expect(findings.map((finding) => [finding.category, finding.match])).toEqual([
      ['character_judgement', 'lat'],
      ['health', 'diabetes'],
    ]);
    for (const finding of findings) {
      expect(text.slice(finding.start, finding.end)).toBe(finding.match);
    }
  });

  it('flags a civic number only when its check digit is right', () => {
    expect(categories('Personnummer 121212-1212.')).toEqual(['civic_number']);
    expect(categories('Beställningsnummer 121212-1213.')).not.toContain('civic_number');
  });

  it('warns about phone numbers and addresses', () => {
    const findings = checkText('Ring 070-123 45 67 eller kom till Storgatan 12 B, 443 30 Lerum.');

    expect(findings.map((finding) => [finding.severity, finding.match])).toEqual([
      ['warn', '070-123 45 67'],
      ['warn', 'Storgatan 12 B'],
      ['warn', '443 30 Lerum'],
    ]);
  });

  it('copes with any input and refuses only what is too long', () => {
    expect(checkText('')).toEqual([]);
    expect(checkText('\u0000\uD800 ')).toEqual([]);
    expect(() => checkText('a'.repeat(MAX_TEXT_LENGTH + 1))).toThrow(RangeError);
  });
});
