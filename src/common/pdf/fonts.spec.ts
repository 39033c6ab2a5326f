import * as fontkit from '@cantoo/fontkit';
import { PDFDocument } from '@cantoo/pdf-lib';
import fc from 'fast-check';

import { DEJAVU_SANS, DEJAVU_SANS_BOLD, FONTKIT_FOR_PDF_LIB } from './fonts';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/** A one-page PDF with each text on a line of its own, in both fonts. */
async function draw(kit: Fontkit, texts: readonly string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(kit);
  const regular = await pdf.embedFont(DEJAVU_SANS, { subset: true });
  const bold = await pdf.embedFont(DEJAVU_SANS_BOLD, { subset: true });
  const page = pdf.addPage();
  texts.forEach((text, index) => {
    const font = index % 2 ? bold : regular;
    page.drawText(text, { x: 40, y: 800 - 20 * index, size: 10, font });
    page.drawText(String(font.widthOfTextAtSize(text, 10)), {
      x: 400,
      y: 800 - 20 * index,
      size: 6,
      font,
    });
  });
  return Buffer.from(await pdf.save());
}

const DOCUMENTS: readonly (readonly string[])[] = [
  // fontkit draws "fl" and "fi" with the ligature glyphs ﬂ and ﬁ ...
  ['Hon flyttar till Ängelholm', 'fin fisk, fler fåglar'],
  ['Ö och o\u0308, å och a\u030a', 'i\u0301 j\u0301', 'Željko Đorđević, Nguyễn Thị Minh'],
  ['Eleven heter مريم العلي', 'Hennes bror heter דוד כהן', 'Ελληνικά, Русский, ქართული'],
  // ... which a shared glyph object would then map to "fl" and "fi" here.
  ['ﬂ och ﬁ skrivna som ligaturer', 'µ och μ, ½, tab\tnbsp\u00a0mjukt\u00adbindestreck'],
];

describe('fonts parsed once per process', () => {
  it('draw every document exactly as a freshly parsed font does, whatever was drawn before', async () => {
    const fresh = await Promise.all(DOCUMENTS.map((texts) => draw(fontkit, texts)));
    // Forwards, backwards and side by side: no document may see another's glyphs.
    for (const order of [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
    ]) {
      for (const index of order) {
        expect((await draw(FONTKIT_FOR_PDF_LIB, DOCUMENTS[index])).equals(fresh[index])).toBe(true);
      }
    }
    const together = await Promise.all(DOCUMENTS.map((texts) => draw(FONTKIT_FOR_PDF_LIB, texts)));
    together.forEach((bytes, index) => expect(bytes.equals(fresh[index])).toBe(true));
  });

  it('parse a font file once and give each document a view of its own', () => {
    const first = FONTKIT_FOR_PDF_LIB.create(DEJAVU_SANS);
    const second = FONTKIT_FOR_PDF_LIB.create(DEJAVU_SANS);
    expect(first).not.toBe(second);
    expect(Object.getPrototypeOf(first)).toBe(Object.getPrototypeOf(second));
    expect(first.glyphForCodePoint(0xf6)).not.toBe(second.glyphForCodePoint(0xf6));
  });

  it('lay Latin text out word by word into the same glyphs, code points and bytes as fontkit shaping each line', async () => {
    // Letters fontkit's substitutions act on (ligatures fi, fl, ff; composed
    // accents; dotless i), combining marks, digits, punctuation, spaces, and
    // a word of another script now and then (laid out by fontkit itself).
    const pieces = [
      ...'abcdefghijklmnopqrstuvwxyzåäöéüÅÄÖÉ',
      ...'fi fl ff ffi ffl ft ij IJ'.split(' '),
      ...'0123456789 .,:;!?-–—/()[]"\'§%&+×',
      '\u0301',
      '\u0308',
      '\u030a',
      '\u0327',
      'ı',
      'ǅ',
      'ﬁ',
      '\u00a0',
      '\u00ad',
      ' ',
      '  ',
      'Ω',
      'مريم',
      'Ж',
    ];
    const text = fc
      .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 30 })
      .map((parts) => parts.join(''));
    const kits = { fresh: fontkit, view: FONTKIT_FOR_PDF_LIB };
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 6 }), async (texts) => {
        const fresh = await draw(kits.fresh, texts);
        expect((await draw(kits.view, texts)).equals(fresh)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});
