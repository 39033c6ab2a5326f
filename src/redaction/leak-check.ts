import { inflateSync, constants as zlib } from 'node:zlib';

import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFObject,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
} from '@cantoo/pdf-lib';

import { openPdf } from './pdfjs';

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

// ---------------------------------------------------------------- needles

/** Case, Unicode form, ligatures, soft hyphens, line-end hyphenation and spacing do not hide a match. */
export function normaliseForSearch(text: string): string {
  // Written for the raw file's large readings: ASCII is its own NFKC form;
  // the letter-aware hyphen pattern runs only where a hyphen stands before
  // spacing; a lone space is left as it is.
  const folded = (/^\p{ASCII}*$/u.test(text) ? text : text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/gu, '');
  const joined = /-\s/u.test(folded) ? folded.replace(/(\p{L})-\s+(\p{L})/gu, '$1$2') : folded;
  return joined.replace(/\s{2,}|[^\S ]/gu, ' ').trim();
}

function compact(normalised: string): string {
  return normalised.replace(/\s/gu, '');
}

interface Needles {
  /** Searched in text with words apart. */
  readonly normalised: readonly string[];
  /** Searched with all spacing removed (letter-spaced or split text). */
  readonly compacted: readonly string[];
  /**
   * Searched in the file's raw bytes, where numbers, names and binary data
   * abound: only needles long and particular enough not to occur by chance.
   */
  readonly raw: readonly string[];
  readonly alsoVisible: number;
}

/**
 * Words of PDF syntax and of the copy's own fonts and fixed texts: a struck
 * word inside one of these cannot be told apart in the raw bytes (it is still
 * searched for in the text a reader extracts).
 */
const PDF_VOCABULARY = [
  'ascent basefont bfchar bfrange capheight catalog cidfonttype2 cidinit cidsysteminfo',
  'cidtogidmap codespacerange columns contents count currentdict decodeparms def',
  'defineresource descendantfonts descent dict endcmap endobj endstream extgstate filter',
  'findresource flags flatedecode fontbbox fontdescriptor fontfile2 fontname identity',
  'index italicangle kids length1 mediabox metadata objstm ordering parent pop predictor',
  'procset producer registry resources root size startxref stemv stream subtype supplement',
  'title tounicode trailer type0 usecmap xheight xobject xref adobe dejavusans-bold',
  'identity-h begincmap endbfchar endbfrange begincodespacerange cmapname cmaptype',
  'sektor lärande kopia allmän handling',
].flatMap((line) => line.split(' '));

/**
 * What to search for: each struck text of eight characters or more, and each
 * of its words of three or more letters, unless it also stands in the released text (then finding it
 * proves nothing; the review shows the reviewer such words).
 */
export function buildNeedles(struck: readonly string[], visible: readonly string[]): Needles {
  // Joined as a reader's extraction joins them: words that meet where texts meet count as shown.
  const visibleText = visible.map(normaliseForSearch).join(' ');
  const visibleCompact = visible.map((each) => compact(normaliseForSearch(each))).join('\n');
  const candidates = new Set<string>();
  for (const text of struck) {
    const whole = normaliseForSearch(text);
    // A short struck piece (a few letters cut from words) would be found by chance
    // where words meet; its words of three letters or more are still searched for.
    if ([...whole].length >= 8) {
      candidates.add(whole);
    }
    for (const word of whole.split(/[^\p{L}\p{N}]+/u)) {
      if ([...word].length >= 3) {
        candidates.add(word);
      }
    }
  }
  const normalised: string[] = [];
  const compacted: string[] = [];
  let alsoVisible = 0;
  for (const candidate of candidates) {
    if (visibleText.includes(candidate)) {
      alsoVisible += 1;
      continue;
    }
    normalised.push(candidate);
    const squeezed = compact(candidate);
    if ([...squeezed].length >= 6 && !visibleCompact.includes(squeezed)) {
      compacted.push(squeezed);
    }
  }
  const raw = normalised.filter((needle) => {
    const length = [...needle].length;
    return /\p{L}/u.test(needle)
      ? length >= 4 && !PDF_VOCABULARY.some((word) => word.includes(needle))
      : length >= 10;
  });
  return { normalised, compacted, raw, alsoVisible };
}

/**
 * Struck text in `haystack` with words apart, or with spacing removed in
 * any of `runs` (pieces of text that stand together on one line; by default
 * the haystack itself), which catches letter-spaced text without joining
 * words that merely meet where lines or boxes do.
 */
function findIn(haystack: string, needles: Needles, runs: readonly string[] = [haystack]): boolean {
  const normalised = normaliseForSearch(haystack);
  if (needles.normalised.some((needle) => normalised.includes(needle))) {
    return true;
  }
  return runs.some((run) => {
    const squeezed = compact(normaliseForSearch(run));
    return needles.compacted.some((needle) => squeezed.includes(needle));
  });
}

function findInRaw(haystack: string, needles: Needles): boolean {
  const normalised = normaliseForSearch(haystack);
  return needles.raw.some((needle) => normalised.includes(needle));
}

// ---------------------------------------------------------------- raw bytes

const BINARY_STREAM =
  /\/Length[123]\b|\/Subtype\s*\/(Type1C|CIDFontType0C|OpenType|Image)\b|\/FontFile/;

/**
 * The file as bytes: one revision only, and no struck text in any stream
 * (decompressed) or between them, read as Latin-1, UTF-8, UTF-16BE or hex.
 * Font programs and images are binary and left to the font check.
 */
function scanRawFile(raw: Buffer, needles: Needles, findings: LeakFinding[]): number {
  const latin1 = raw.toString('latin1');
  const eofCount = count(latin1, '%%EOF');
  const startxrefCount = count(latin1, 'startxref');
  if (eofCount !== 1 || startxrefCount !== 1) {
    findings.push({
      check: 'revisions',
      message: `Filen har ${Math.max(eofCount, startxrefCount)} revisioner (%%EOF/startxref); en kopia ska ha exakt en.`,
    });
  }

  let outside = '';
  let last = 0;
  let scanned = 0;
  let found = false;
  const searched = new Set<string>();
  const streamStart = /stream\r?\n/g;
  for (let match = streamStart.exec(latin1); match; match = streamStart.exec(latin1)) {
    if (latin1.slice(match.index - 3, match.index) === 'end') {
      continue;
    }
    const begin = match.index + match[0].length;
    const end = latin1.indexOf('endstream', begin);
    if (end < 0) {
      break;
    }
    const dictionary = latin1.slice(
      Math.max(last, latin1.lastIndexOf('obj', match.index)),
      match.index,
    );
    outside += latin1.slice(last, begin);
    last = end;
    streamStart.lastIndex = end;
    if (/\/Prev\b/.test(dictionary)) {
      findings.push({
        check: 'revisions',
        message: 'Filen hänvisar till en tidigare revision (/Prev).',
      });
    }
    if (BINARY_STREAM.test(dictionary)) {
      continue;
    }
    const data = raw.subarray(begin, end);
    const content = /\/FlateDecode/.test(dictionary) ? inflate(data) : data;
    scanned += 1;
    found ||= content !== null && findInBytes(content, needles, searched);
  }
  outside += latin1.slice(last);
  if (/\/Prev\b/.test(outside)) {
    findings.push({
      check: 'revisions',
      message: 'Filen hänvisar till en tidigare revision (/Prev).',
    });
  }
  found ||= findInBytes(Buffer.from(outside, 'latin1'), needles, searched);
  if (found) {
    findings.push({
      check: 'struck-text-in-objects',
      message: 'Maskerad text finns kvar i filens objekt eller dataströmmar.',
    });
  }
  return scanned;
}

function inflate(data: Buffer): Buffer | null {
  try {
    return inflateSync(data, { finishFlush: zlib.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
}

/**
 * Struck text in the bytes read every way a reader or a tool might read
 * them. A reading already searched in this file (ASCII reads the same as
 * Latin-1 and UTF-8; a page's running head is the same text on every page)
 * is not searched again; with no needle fit for raw bytes there is nothing
 * to search for.
 */
function findInBytes(bytes: Buffer, needles: Needles, searched: Set<string>): boolean {
  if (needles.raw.length === 0) {
    return false;
  }
  const views = [
    bytes.toString('latin1'),
    bytes.toString('utf8'),
    utf16be(bytes),
    utf16be(bytes.subarray(1)),
  ];
  for (const hex of bytes.toString('latin1').match(/<[0-9A-Fa-f\s]{6,}>/g) ?? []) {
    const decoded = Buffer.from(hex.replace(/[<>\s]/g, ''), 'hex');
    views.push(decoded.toString('latin1'), decoded.toString('utf8'), utf16be(decoded));
  }
  return views.some((view) => {
    if (searched.has(view)) {
      return false;
    }
    searched.add(view);
    return findInRaw(view, needles);
  });
}

function utf16be(bytes: Buffer): string {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  return Buffer.from(even).swap16().toString('utf16le');
}

function count(haystack: string, needle: string): number {
  let total = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    total += 1;
  }
  return total;
}

// ---------------------------------------------------------------- objects

const FORBIDDEN_KEYS: ReadonlyMap<string, string> = new Map([
  ['Annots', 'anteckningar eller länkar (annotations)'],
  ['AcroForm', 'formulärfält'],
  ['XFA', 'formulärfält (XFA)'],
  ['Names', 'namnträd (bilagor eller skript)'],
  ['EmbeddedFiles', 'bifogade filer'],
  ['EmbeddedFile', 'bifogade filer'],
  ['JavaScript', 'JavaScript'],
  ['JS', 'JavaScript'],
  ['OpenAction', 'åtgärd vid öppning (OpenAction)'],
  ['AA', 'automatiska åtgärder (AA)'],
  ['Outlines', 'bokmärken (outline)'],
  ['StructTreeRoot', 'strukturträd'],
  ['PieceInfo', 'programdata (PieceInfo)'],
]);

const STRUCTURE_TYPES = new Set(['ObjStm', 'XRef']);

function isFileStructure(object: PDFObject): boolean {
  if (!(object instanceof PDFRawStream)) {
    return false;
  }
  const type = object.dict.get(PDFName.of('Type'));
  return type instanceof PDFName && STRUCTURE_TYPES.has(type.decodeText());
}

/** The object graph: reachability, document information, XMP, interactive parts, strings. */
function inspectStructure(
  document: PDFDocument,
  input: LeakCheckInput,
  needles: Needles,
  findings: LeakFinding[],
): number {
  const context = document.context;
  const all = context.enumerateIndirectObjects();
  const roots = [context.trailerInfo.Root, context.trailerInfo.Info].filter(
    (ref): ref is PDFRef => ref instanceof PDFRef,
  );

  const reached = new Set<PDFRef>();
  const pending = [...roots];
  while (pending.length > 0) {
    const ref = pending.pop() as PDFRef;
    if (reached.has(ref)) {
      continue;
    }
    reached.add(ref);
    walk(context.lookup(ref), (value) => {
      if (value instanceof PDFRef) {
        pending.push(value);
      }
    });
  }
  // @cantoo/pdf-lib keeps the file's object streams and cross-reference stream among the
  // objects it loads. They are the file's structure, not content: every object an object stream
  // holds is loaded (and checked) as an object of its own.
  const unreachable = all.filter(
    ([ref, object]) => !reached.has(ref) && !isFileStructure(object),
  ).length;
  if (unreachable > 0) {
    findings.push({
      check: 'unreachable-objects',
      message: `${unreachable} objekt i filen nås inte från dokumentet (kvarlämnade, t.ex. ersatt innehåll).`,
    });
  }

  const forbidden = new Set<string>();
  let xmp = false;
  let secretString = false;
  for (const [, object] of all) {
    walk(object, (value) => {
      if (value instanceof PDFDict) {
        for (const [key] of value.entries()) {
          const what = FORBIDDEN_KEYS.get(key.decodeText());
          if (what) {
            forbidden.add(what);
          }
        }
        if (
          value.get(PDFName.of('Type')) === PDFName.of('Metadata') ||
          value.get(PDFName.of('Subtype')) === PDFName.of('XML')
        ) {
          xmp = true;
        }
      }
      if (
        (value instanceof PDFString || value instanceof PDFHexString) &&
        findIn(value.decodeText(), needles)
      ) {
        secretString = true;
      }
    });
  }
  if (forbidden.size > 0) {
    findings.push({
      check: 'interactive-content',
      message: `Filen innehåller ${[...forbidden].sort().join(', ')}.`,
    });
  }
  if (xmp) {
    findings.push({ check: 'xmp-metadata', message: 'Filen innehåller XMP-metadata.' });
  }
  if (secretString) {
    findings.push({
      check: 'struck-text-in-objects',
      message: 'Maskerad text finns kvar i en textsträng i filens objekt.',
    });
  }

  const info = context.trailerInfo.Info ? context.lookup(context.trailerInfo.Info) : undefined;
  if (info instanceof PDFDict) {
    const problems: string[] = [];
    for (const [key, value] of info.entries()) {
      const name = key.decodeText();
      const allowed = input.allowedInfo[name];
      const text =
        value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : null;
      if (allowed === undefined || text !== allowed) {
        problems.push(name);
      }
    }
    if (problems.length > 0) {
      findings.push({
        check: 'document-information',
        message: `Dokumentinformationen har fält som inte hör hemma i en kopia: ${problems.join(', ')}.`,
      });
    }
  }
  return all.length;
}

/** Calls `visit` on the object and everything inside it (not following references). */
function walk(object: PDFObject | undefined, visit: (value: PDFObject) => void): void {
  if (object === undefined) {
    return;
  }
  visit(object);
  if (object instanceof PDFDict) {
    for (const [key, value] of object.entries()) {
      visit(key);
      walk(value, visit);
    }
  } else if (object instanceof PDFArray) {
    for (const value of object.asArray()) {
      walk(value, visit);
    }
  } else if (object instanceof PDFStream) {
    walk(object.dict, visit);
  }
}

// ---------------------------------------------------------------- fonts

/**
 * Every character a font in the file can map to must be one the reader
 * shows; otherwise a font subset still carries the glyphs of struck text.
 */
function checkFontCharacters(
  document: PDFDocument,
  visible: ReadonlySet<string>,
  findings: LeakFinding[],
): void {
  const shown = new Set(
    [...visible].flatMap((character) => [character, ...character.normalize('NFKC')]),
  );
  let unseen = 0;
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) {
      continue;
    }
    const toUnicode = object.lookup(PDFName.of('ToUnicode'));
    if (!(toUnicode instanceof PDFRawStream)) {
      continue;
    }
    const cmap = Buffer.from(decodePDFRawStream(toUnicode).decode()).toString('latin1');
    for (const character of toUnicodeCharacters(cmap)) {
      if (!/\s|\p{C}/u.test(character) && !shown.has(character)) {
        unseen += 1;
      }
    }
  }
  if (unseen > 0) {
    findings.push({
      check: 'font-characters',
      message: `Teckensnitten i filen har ${unseen} tecken som inte syns i texten (rester av maskerad text).`,
    });
  }
}

/** The characters a ToUnicode CMap maps to (bfchar and bfrange entries). */
export function toUnicodeCharacters(cmap: string): Set<string> {
  const characters = new Set<string>();
  const add = (hex: string): void => {
    for (const character of utf16be(Buffer.from(hex, 'hex'))) {
      characters.add(character);
    }
  };
  for (const [, block = ''] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, , target = ''] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      add(target);
    }
  }
  for (const [, block = ''] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const entries = block.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g,
    );
    for (const [, low = '0', high = '0', target = ''] of entries) {
      if (target.startsWith('[')) {
        for (const [, each = ''] of target.matchAll(/<([0-9A-Fa-f]+)>/g)) {
          add(each);
        }
        continue;
      }
      const first = Buffer.from(target.slice(1, -1), 'hex');
      const span = Math.min(parseInt(high, 16) - parseInt(low, 16), 0xffff);
      for (let offset = 0; offset <= span; offset += 1) {
        const next = Buffer.from(first);
        next.writeUInt16BE((next.readUInt16BE(next.length - 2) + offset) & 0xffff, next.length - 2);
        add(next.toString('hex'));
      }
    }
  }
  return characters;
}

// ---------------------------------------------------------------- text

async function inspectText(
  input: LeakCheckInput,
  needles: Needles,
  findings: LeakFinding[],
): Promise<{ pages: number; items: number; visibleCharacters: Set<string> }> {
  const pdf = await openPdf(input.bytes);
  const visibleCharacters = new Set<string>();
  const texts: string[] = [];
  const runs: string[] = [];
  let items = 0;
  let widestGap = 0;
  let markerProblems = 0;
  try {
    // All pages at once (each waits on inflating its streams), read in page order.
    const contents = await Promise.all(
      Array.from({ length: pdf.numPages }, async (_, index) => {
        const page = await pdf.getPage(index + 1);
        const content = await page.getTextContent();
        page.cleanup();
        return content;
      }),
    );
    for (const content of contents) {
      const placed: TextItem[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') {
          continue;
        }
        items += 1;
        texts.push(item.str);
        for (const character of item.str) {
          visibleCharacters.add(character);
        }
        const [a, b, , , x, y] = item.transform as number[];
        placed.push({
          text: item.str,
          x: x ?? 0,
          y: y ?? 0,
          width: item.width,
          size: Math.hypot(a ?? 0, b ?? 0),
        });
      }
      const lines = readLines(placed, input.markers);
      widestGap = Math.max(widestGap, lines.widestPlainGap);
      markerProblems += lines.markerProblems;
      runs.push(...lines.runs);
    }
  } finally {
    await pdf.destroy();
  }

  if (!input.expectText && items > 0) {
    findings.push({
      check: 'text-layer',
      message: 'Kopian av bilder har ett textlager; den ska bara innehålla bilder.',
    });
  }
  if (findIn(texts.join(' '), needles, runs)) {
    findings.push({
      check: 'struck-text-extractable',
      message: 'Maskerad text går att läsa ut ur kopian.',
    });
  }
  if (widestGap > 0 || markerProblems > 0) {
    findings.push({
      check: 'text-gaps',
      message:
        markerProblems > 0
          ? `${markerProblems} maskeringsrutor har en bredd som avviker från den fasta.`
          : 'Det finns mellanrum i texten som är bredare än ett ordmellanrum; de kan avslöja borttagen text.',
    });
  }
  return { pages: pdf.numPages, items, visibleCharacters };
}

interface TextItem {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly size: number;
}

/** A word space is about a third of the type size; anything over this is a hole in the text. */
const MAX_WORD_GAP_EM = 0.75;
const TOLERANCE = 1;

/**
 * The page's text line by line. Gaps between pieces of text on the same
 * line: plain text may be apart by a word space at most; around a redaction
 * box the room is fixed (from the text before it to the text after it is
 * always the box plus two spaces). Runs: the text between boxes on a line.
 */
export function readLines(
  items: readonly TextItem[],
  markers: LeakCheckInput['markers'],
): { widestPlainGap: number; markerProblems: number; runs: string[] } {
  const labels = new Set((markers?.labels ?? []).map(normaliseForSearch));
  const isMarker = (item: TextItem): boolean =>
    markers !== undefined &&
    item.size <= markers.maxLabelSize + 0.01 &&
    labels.has(normaliseForSearch(item.text));
  const lines = new Map<number, TextItem[]>();
  for (const item of items) {
    const key = Math.round(item.y * 2) / 2;
    lines.set(key, [...(lines.get(key) ?? []), item]);
  }
  let widestPlainGap = 0;
  let markerProblems = 0;
  const runs: string[] = [];
  for (const line of lines.values()) {
    line.sort((a, b) => a.x - b.x);
    let run = '';
    for (const item of line) {
      if (isMarker(item)) {
        runs.push(run);
        run = '';
      } else {
        run += item.text;
      }
    }
    runs.push(run);
    line.forEach((item, index) => {
      const before = line[index - 1];
      const after = line[index + 1];
      if (isMarker(item) && markers) {
        const space = 0.318 * Math.max(before?.size ?? 0, after?.size ?? 0, item.size);
        const halfRoom = (markers.boxWidth - item.width) / 2 + space;
        // After another box, the room is that box's other half as well.
        const expectedLeft =
          before && isMarker(before) ? halfRoom + (markers.boxWidth - before.width) / 2 : halfRoom;
        const left = before ? item.x - (before.x + before.width) : expectedLeft;
        const right = after && !isMarker(after) ? after.x - (item.x + item.width) : halfRoom;
        if (
          Math.abs(left - expectedLeft) > TOLERANCE * 2 ||
          Math.abs(right - halfRoom) > TOLERANCE * 2
        ) {
          markerProblems += 1;
        }
        return;
      }
      if (before && !isMarker(before)) {
        const gap = item.x - (before.x + before.width);
        if (gap > MAX_WORD_GAP_EM * Math.max(item.size, before.size) + TOLERANCE) {
          widestPlainGap = Math.max(widestPlainGap, gap);
        }
      }
    });
  }
  return { widestPlainGap, markerProblems, runs };
}
