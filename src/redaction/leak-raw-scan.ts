import { inflateSync, constants as zlib } from 'node:zlib';

import type { LeakFinding } from './leak-check';
import { findInRaw, Needles } from './leak-needles';

// The leak check's raw scan: every stream of the file's bytes, inflated where
// it can be, searched for struck text whatever the parser makes of it.

const BINARY_STREAM =
  /\/Length[123]\b|\/Subtype\s*\/(Type1C|CIDFontType0C|OpenType|Image)\b|\/FontFile/;

/**
 * The file as bytes: one revision only, and no struck text in any stream
 * (decompressed) or between them, read as Latin-1, UTF-8, UTF-16BE or hex.
 * Font programs and images are binary and left to the font check.
 */
export function scanRawFile(raw: Buffer, needles: Needles, findings: LeakFinding[]): number {
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

export function utf16be(bytes: Buffer): string {
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
