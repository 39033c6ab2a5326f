import fontkit from '@cantoo/fontkit';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, PDFName } from '@cantoo/pdf-lib';

import { DEJAVU_SANS } from '../common/pdf/fonts';
import { checkForLeaks } from './leak-check';
import { openPdf } from './pdfjs';
import { InvalidPageAreasError, RASTER, redactScannedPdf } from './raster-redaction';
import { COPY_INFO } from './redacted-pdf';

const SECRET = 'Utredning hos BUP påbörjad';

/** A "scanned" letter: two pages of live text, an author and a note, as uploads come. */
async function sourceLetter(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setAuthor('Karin Öberg');
  const font = await pdf.embedFont(DEJAVU_SANS, { subset: true });
  for (const line of ['Till Sektor Lärande', SECRET]) {
    const page = pdf.addPage([595, 842]);
    page.drawText('Brev om eleven', { x: 56, y: 760, size: 14, font });
    page.drawText(line, { x: 56, y: 700, size: 14, font });
  }
  const note = pdf.context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [0, 0, 10, 10] });
  pdf.getPage(0).node.set(PDFName.of('Annots'), pdf.context.obj([pdf.context.register(note)]));
  return pdf.save();
}

/** The mean brightness (0 black – 255 white) of a region of a page of the copy, drawn anew. */
async function brightness(
  bytes: Uint8Array,
  page: number,
  region: { x: number; y: number; width: number; height: number },
): Promise<number> {
  const pdf = await openPdf(bytes);
  const proxy = await pdf.getPage(page);
  const viewport = proxy.getViewport({ scale: 1 });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext('2d');
  await proxy.render({
    canvas: canvas as never,
    canvasContext: context as never,
    viewport,
  }).promise;
  const data = context.getImageData(
    Math.round(region.x * canvas.width),
    Math.round(region.y * canvas.height),
    Math.round(region.width * canvas.width),
    Math.round(region.height * canvas.height),
  ).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    sum += ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3;
  }
  await pdf.destroy();
  return sum / (data.length / 4);
}

describe('redacting a scanned PDF', () => {
  // The secret line on page 2: x 56–300 pt, baseline 700 pt on an 842 pt page.
  const area = { page: 2, x: 50 / 595, y: (842 - 716) / 842, width: 260 / 595, height: 24 / 842 };

  it('paints over the pixels and keeps nothing of the source but pictures', async () => {
    const copy = await redactScannedPdf(await sourceLetter(), [area]);

    const report = await checkForLeaks({
      bytes: copy,
      struckTexts: [SECRET, 'Karin Öberg'],
      visibleTexts: [],
      allowedInfo: { Title: COPY_INFO.title, Producer: COPY_INFO.producer },
      expectText: false,
    });
    expect(report.findings).toEqual([]);
    expect(report.stats.pages).toBe(2);
    expect(report.stats.textItems).toBe(0);

    // Black where the secret stood; the heading above it is still there to read (dark ink on white).
    expect(await brightness(copy, 2, area)).toBeLessThan(10);
    const heading = { x: 56 / 595, y: (842 - 776) / 842, width: 120 / 595, height: 20 / 842 };
    const headingLight = await brightness(copy, 2, heading);
    expect(headingLight).toBeGreaterThan(120);
    expect(headingLight).toBeLessThan(250);

    const parsed = await PDFDocument.load(copy, { updateMetadata: false });
    expect(parsed.getPageCount()).toBe(2);
    expect(parsed.getPage(0).getSize()).toEqual({ width: 595, height: 842 });
  });

  it('draws at the resolution a copy of a scan needs', async () => {
    const copy = await redactScannedPdf(await sourceLetter(), []);
    const raw = Buffer.from(copy).toString('latin1');
    const width = Number(/\/Width (\d+)/.exec(raw)?.[1]);
    expect(width).toBeGreaterThanOrEqual(Math.floor((595 / 72) * RASTER.dpi));
  });

  it('refuses areas outside the page or the document instead of skipping them', async () => {
    const source = await sourceLetter();
    await expect(redactScannedPdf(source, [{ ...area, page: 3 }])).rejects.toThrow(
      InvalidPageAreasError,
    );
    await expect(redactScannedPdf(source, [{ ...area, x: 0.9, width: 0.2 }])).rejects.toThrow(
      'ligger inte inom sidan',
    );
    await expect(redactScannedPdf(source, [{ ...area, height: Number.NaN }])).rejects.toThrow(
      InvalidPageAreasError,
    );
  });
});
