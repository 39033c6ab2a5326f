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

import type { LeakCheckInput, LeakFinding } from './leak-check';
import { findIn, Needles } from './leak-needles';
import { utf16be } from './leak-raw-scan';

// The leak check's structure inspection: the object graph as pdf-lib parses
// it (reachability, document information, XMP, interactive parts, strings)
// and the fonts' character tables.

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
export function inspectStructure(
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

/**
 * Every character a font in the file can map to must be one the reader
 * shows; otherwise a font subset still carries the glyphs of struck text.
 */
export function checkFontCharacters(
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
