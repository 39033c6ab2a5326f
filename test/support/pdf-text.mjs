// Reads a PDF back with pdfjs (Mozilla's PDF reader) and prints what a reader
// would extract: the text of every page, the page count and the metadata.
// Run as a child process: jest cannot load pdfjs' ES modules.
//   node test/support/pdf-text.mjs < file.pdf
import { Buffer } from 'node:buffer';

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const document = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 })
  .promise;
const pages = [];
for (let number = 1; number <= document.numPages; number += 1) {
  const content = await (await document.getPage(number)).getTextContent();
  pages.push(content.items.map((item) => item.str + (item.hasEOL ? '\n' : '')).join(''));
}
const metadata = await document.getMetadata();
process.stdout.write(JSON.stringify({ pageCount: document.numPages, pages, info: metadata.info }));
