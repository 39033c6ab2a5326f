import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, PDFName } from '@cantoo/pdf-lib';

import { COPY_INFO } from './redacted-pdf';
import { openPdf } from './pdfjs';

type PdfPage = Awaited<ReturnType<Awaited<ReturnType<typeof openPdf>>['getPage']>>;
type RenderParameters = Parameters<PdfPage['render']>[0];

/** A rectangle to black out, as fractions of the page from its top left corner. */
export interface PageArea {
  /** 1-based page number. */
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export class InvalidPageAreasError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPageAreasError';
  }
}

export const RASTER = {
  /** At least 200 dots per inch, so a copy of a scan stays readable. */
  dpi: 200,
  /** Each box grows by this much on every side, so no stroke of a letter peeks out. */
  paddingPoints: 3,
  maxPages: 200,
  jpegQuality: 88,
} as const;

/**
 * A redacted copy of an uploaded PDF (a scanned letter, say): every page is
 * drawn to pixels, the boxes are painted over the pixels, and the pictures go
 * into a new PDF. Nothing of the source's objects (text layer, fonts,
 * metadata, annotations, forms) is carried over, and the source is never
 * opened with pdf-lib.
 */
export async function redactScannedPdf(
  source: Uint8Array,
  areas: readonly PageArea[],
): Promise<Uint8Array> {
  const document = await openPdf(source);
  try {
    if (document.numPages > RASTER.maxPages) {
      throw new InvalidPageAreasError(
        `Dokumentet har ${document.numPages} sidor; högst ${RASTER.maxPages} kan maskeras som bilder.`,
      );
    }
    validateAreas(areas, document.numPages);
    const copy = await PDFDocument.create({ updateMetadata: false });
    copy.setTitle(COPY_INFO.title);
    copy.setProducer(COPY_INFO.producer);
    const scale = RASTER.dpi / 72;
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const size = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({
        // @napi-rs/canvas stands in for the browser's canvas, which pdfjs' types name.
        canvas: canvas as unknown as RenderParameters['canvas'],
        canvasContext: context as unknown as RenderParameters['canvasContext'],
        viewport,
      }).promise;
      context.fillStyle = '#000000';
      const pad = RASTER.paddingPoints * scale;
      for (const area of areas.filter((each) => each.page === number)) {
        const left = Math.floor(area.x * canvas.width - pad);
        const top = Math.floor(area.y * canvas.height - pad);
        context.fillRect(
          left,
          top,
          Math.ceil(area.width * canvas.width + 2 * pad) + 1,
          Math.ceil(area.height * canvas.height + 2 * pad) + 1,
        );
      }
      const image = await copy.embedJpg(await canvas.encode('jpeg', RASTER.jpegQuality));
      const out = copy.addPage([size.width, size.height]);
      out.drawImage(image, { x: 0, y: 0, width: size.width, height: size.height });
      out.node.delete(PDFName.of('Annots'));
      page.cleanup();
    }
    return await copy.save();
  } finally {
    await document.destroy();
  }
}

function validateAreas(areas: readonly PageArea[], pageCount: number): void {
  areas.forEach((area, index) => {
    const inPage = [area.x, area.y, area.width, area.height].every(
      (value) => Number.isFinite(value) && value >= 0 && value <= 1,
    );
    if (!Number.isInteger(area.page) || area.page < 1 || area.page > pageCount) {
      throw new InvalidPageAreasError(
        `Ruta ${index + 1}: sidan ${area.page} finns inte (dokumentet har ${pageCount} sidor).`,
      );
    }
    if (
      !inPage ||
      area.width === 0 ||
      area.height === 0 ||
      area.x + area.width > 1 ||
      area.y + area.height > 1
    ) {
      throw new InvalidPageAreasError(`Ruta ${index + 1} ligger inte inom sidan.`);
    }
  });
}
