import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface PdfText {
  readonly pageCount: number;
  readonly pages: readonly string[];
  readonly info: Record<string, unknown>;
}

/** The text a PDF reader extracts from the document, via pdfjs in a child process. */
export function extractPdfText(pdf: Buffer): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'pdf-text.mjs')],
      { maxBuffer: 50 * 1024 * 1024 },
      (error, stdout) =>
        error ? reject(new Error(error.message)) : resolve(JSON.parse(stdout) as PdfText),
    );
    child.stdin?.end(pdf);
  });
}
