import { applyRedactions, RedactedDocument } from './apply-redactions';
import { makeCheckedCopy } from './checked-copy';
import { normaliseForSearch } from './leak-check';
import { openPdf } from './pdfjs';
import { printableRedactions, printableText } from './printable-text';
import type { RecordDocument } from './record-document';
import { CopyHeader, renderRedactedCopy } from './redacted-pdf';

const GROUND = 'OSL 23 kap. 2 §';
const HEADER: CopyHeader = {
  municipalityName: 'Lerums kommun',
  release: { registrationNumber: 'BEG-2026-00009', date: '2026-12-05' },
  preparedOn: '2026-12-05',
};

// Saved before ligatures were written out and direction controls refused at saving.
const BEFORE = 'Eleven har ﬁna resultat och läser \u202eflytande\u202c, \u200fmed';
const STRUCK = 'ﬁskeläger hos mor\u200fmor Öberg';
const AFTER = 'står kvar i texten.';
const TEXT = `${BEFORE} ${STRUCK} ${AFTER}`;

function planDocument(): RecordDocument {
  return {
    title: 'Individuell utvecklingsplan (IUP)',
    registrationNumber: 'IUP-2026-00011',
    sections: [
      {
        heading: 'Skriftliga omdömen',
        fields: [{ id: 'assessments.0.text', heading: 'Svenska \u2067ﬂ\u2069', text: TEXT }],
      },
    ],
  };
}

function struckAsStored() {
  const start = TEXT.indexOf(STRUCK);
  return applyRedactions(
    planDocument(),
    [
      {
        fieldId: 'assessments.0.text',
        ground: GROUND,
        span: { start, end: start + STRUCK.length },
      },
    ],
    [GROUND],
  );
}

async function extractedText(bytes: Uint8Array): Promise<string> {
  const pdf = await openPdf(bytes);
  try {
    const page = await pdf.getPage(1);
    const content = await page.getTextContent();
    return content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
  } finally {
    await pdf.destroy();
  }
}

describe('printable text', () => {
  it('writes ligatures and what a reader reads as other characters as those, and nothing else', () => {
    expect(printableText('ﬁnt ﬂyt ﬀ ﬃ ﬄ ﬅ ﬆ')).toBe('fint flyt ff ffi ffl st st');
    expect(printableText('5 µg')).toBe('5 μg');
    expect(printableText('Åsa, Ärla och Örjan går på café i Malmö')).toBe(
      'Åsa, Ärla och Örjan går på café i Malmö',
    );
    // Compatibility forms outside the reader's list stay as typed.
    expect(printableText('x² ½ ™ …')).toBe('x² ½ ™ …');
  });

  it('drops the direction controls a reader drops', () => {
    expect(
      printableText(
        'a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j\u200ek\u200fl\u061cm',
      ),
    ).toBe('abcdefghijklm');
  });

  it('keeps the reviewer’s spans on the text as stored, and struck text out of the document', () => {
    const printable = printableRedactions(struckAsStored());
    const segments = printable.document.sections[0]?.fields[0]?.segments ?? [];
    expect(segments).toEqual([
      { kind: 'text', text: 'Eleven har fina resultat och läser flytande, med ' },
      { kind: 'marker', grounds: [GROUND] },
      { kind: 'text', text: ` ${AFTER}` },
    ]);
    expect(printable.struckTexts).toEqual(['fiskeläger hos mormor Öberg']);
    expect(printable.document.sections[0]?.fields[0]?.heading).toBe('Svenska fl');
  });
});

describe('a copy of text saved with ligatures and direction controls', () => {
  it('is released, with the struck passage gone', async () => {
    const { bytes, report } = await makeCheckedCopy(struckAsStored(), HEADER, [GROUND]);
    expect(report.findings).toEqual([]);
    expect(report.passed).toBe(true);
    const text = normaliseForSearch(await extractedText(bytes));
    expect(text).toContain('fina resultat');
    expect(text).not.toContain('fiskeläger');
    expect(text).not.toContain('öberg');
  });

  it('is still blocked when a faulty renderer draws the struck passage', async () => {
    // The passage as stored, ligature and control included, put back where its box was.
    const leaky = (document: RedactedDocument, header: CopyHeader): Promise<Uint8Array> =>
      renderRedactedCopy(
        {
          ...document,
          sections: document.sections.map((section) => ({
            ...section,
            fields: section.fields.map((field) => ({
              ...field,
              segments: field.segments.map((segment) =>
                segment.kind === 'marker' ? { kind: 'text' as const, text: STRUCK } : segment,
              ),
            })),
          })),
        },
        header,
      );
    const { report } = await makeCheckedCopy(struckAsStored(), HEADER, [GROUND], leaky);
    expect(report.passed).toBe(false);
    expect(report.findings.map((finding) => finding.check)).toContain('struck-text-extractable');
    for (const finding of report.findings) {
      expect(normaliseForSearch(finding.message)).not.toContain('öberg');
    }
  });

  it('was blocked before: drawn as stored, the ligature sits in the font unseen', async () => {
    const applied = struckAsStored();
    const bytes = await renderRedactedCopy(applied.document, HEADER);
    const text = normaliseForSearch(await extractedText(bytes));
    // The reader gives back letters for the ligature; the subset still holds its glyph.
    expect(text).toContain('fina resultat');
    // What was drawn before: the document as stored, not as printableText makes it.
    const { report } = await makeCheckedCopy(applied, HEADER, [GROUND], () =>
      Promise.resolve(bytes),
    );
    expect(report.findings.map((finding) => finding.check)).toContain('font-characters');
  });
});
