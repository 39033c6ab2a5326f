import type { LeakCheckInput, LeakFinding } from './leak-check';
import { findIn, Needles, normaliseForSearch } from './leak-needles';
import { openPdf } from './pdfjs';

// The leak check's text checks: what a reader extracts (pdfjs), line by line,
// with the gaps and hidden text a redaction must not leave.

export async function inspectText(
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
