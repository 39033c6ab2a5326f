import { PDFDocument } from '@cantoo/pdf-lib';

import { buildNeedles } from './leak-needles';
import { scanRawFile } from './leak-raw-scan';
import { checkFontCharacters, inspectStructure } from './leak-structure';
import { inspectText } from './leak-text';

// The search and the font tables' reading, with their unit tests beside this file.
export { normaliseForSearch } from './leak-needles';
export { toUnicodeCharacters } from './leak-structure';

/** Each thing the leak check looks at. A finding in any of them stops the release. */
export type LeakCheckName =
  | 'unreadable'
  | 'encrypted'
  | 'struck-text-extractable'
  | 'struck-text-in-objects'
  | 'revisions'
  | 'unreachable-objects'
  | 'document-information'
  | 'xmp-metadata'
  | 'interactive-content'
  | 'font-characters'
  | 'text-gaps'
  | 'text-layer';

export interface LeakFinding {
  readonly check: LeakCheckName;
  /** Swedish, and never quoting struck text: findings are audited and shown. */
  readonly message: string;
}

export interface LeakCheckInput {
  readonly bytes: Uint8Array;
  /** The struck texts, exactly as they stood in the record. */
  readonly struckTexts: readonly string[];
  /** Everything the copy may show: the redacted record's text and the copy's fixed texts. */
  readonly visibleTexts: readonly string[];
  /** Labels drawn inside redaction boxes, and the boxes' fixed geometry. */
  readonly markers?: {
    readonly labels: readonly string[];
    readonly boxWidth: number;
    readonly maxLabelSize: number;
  };
  /** The only document information allowed, key by key. */
  readonly allowedInfo: Readonly<Record<string, string>>;
  /** False for copies made of page images: then any text at all is a finding. */
  readonly expectText: boolean;
}

export interface LeakReport {
  readonly passed: boolean;
  readonly findings: readonly LeakFinding[];
  readonly stats: {
    readonly pages: number;
    readonly textItems: number;
    readonly objects: number;
    readonly streamsScanned: number;
    /** Struck texts and words searched for. */
    readonly needles: number;
    /** Struck texts or words that also stand in the released text, so cannot be told apart. */
    readonly alsoVisible: number;
  };
}

/**
 * Inspects the bytes of a produced copy for every way struck text or
 * identifying data can survive in a PDF. Independent of how the copy was
 * made: it reads the file with pdf-lib's parser, pdfjs (a reader's text
 * extraction) and a raw scan of every stream.
 */
export async function checkForLeaks(input: LeakCheckInput): Promise<LeakReport> {
  const findings: LeakFinding[] = [];
  const needles = buildNeedles(input.struckTexts, input.visibleTexts);
  const raw = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);

  // The reader starts first: it inflates streams off this thread while the
  // raw scan and the object graph are read here. Its findings are reported
  // after theirs all the same.
  const textFindings: LeakFinding[] = [];
  const reading = inspectText(input, needles, textFindings).then(
    (text) => ({ text }),
    () => ({ text: undefined }),
  );

  const streamsScanned = scanRawFile(raw, needles, findings);

  let objects = 0;
  let parsed: PDFDocument | undefined;
  try {
    parsed = await PDFDocument.load(input.bytes, { updateMetadata: false });
    objects = inspectStructure(parsed, input, needles, findings);
  } catch (error) {
    findings.push(
      error instanceof Error && error.name === 'EncryptedPDFError'
        ? { check: 'encrypted', message: 'Filen är krypterad och kan inte granskas.' }
        : { check: 'unreadable', message: 'Filens objekt kunde inte läsas.' },
    );
  }

  const read = await reading;
  const text = read.text ?? { pages: 0, items: 0, visibleCharacters: new Set<string>() };
  if (read.text) {
    findings.push(...textFindings);
  } else {
    findings.push({ check: 'unreadable', message: 'Texten i filen kunde inte läsas ut.' });
  }
  if (parsed) {
    try {
      checkFontCharacters(parsed, text.visibleCharacters, findings);
    } catch {
      findings.push({
        check: 'unreadable',
        message: 'Teckensnittens teckentabeller kunde inte läsas.',
      });
    }
  }

  return {
    passed: findings.length === 0,
    findings,
    stats: {
      pages: text.pages,
      textItems: text.items,
      objects,
      streamsScanned,
      needles: needles.normalised.length,
      alsoVisible: needles.alsoVisible,
    },
  };
}
