import { PDFFont, PDFName, PDFPage, rgb } from '@cantoo/pdf-lib';

import { A4 } from './fonts';

/**
 * "sida N av M" at the foot of every page, once all pages exist; and no
 * annotation list (pdf-lib adds an empty one to every page it draws on).
 */
export function finishPages(pages: readonly PDFPage[], font: PDFFont, margin: number): void {
  pages.forEach((page, index) => {
    const label = `sida ${index + 1} av ${pages.length}`;
    page.drawText(label, {
      x: A4.width - margin - font.widthOfTextAtSize(label, 8),
      y: margin / 2,
      size: 8,
      font,
      color: rgb(0.25, 0.25, 0.25),
    });
    page.node.delete(PDFName.of('Annots'));
  });
}
