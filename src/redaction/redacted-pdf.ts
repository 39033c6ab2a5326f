import {
  beginText,
  cleanText,
  endText,
  fill,
  moveText,
  PDFDocument,
  PDFFont,
  PDFName,
  PDFPage,
  rectangle,
  setFillingRgbColor,
  setFontAndSize,
  showText,
} from '@cantoo/pdf-lib';

import { A4, DEJAVU_SANS, DEJAVU_SANS_BOLD, FONTKIT_FOR_PDF_LIB } from '../common/pdf/fonts';
import { finishPages } from '../common/pdf/pages';

import { markerLabel, RedactedDocument, Segment } from './apply-redactions';

const MARGIN = 56;
const BODY = 10.5;
const LINE = 1.45;
const INK = [0.1, 0.1, 0.1] as const;

/**
 * Every marker is this box, whatever it hides: its width never depends on
 * the struck text. The label inside shrinks to fit, never the box.
 */
export const MARKER_BOX = { width: 128, height: 12.5, descent: 3, maxLabelSize: 7.5 } as const;

/** The only document information a copy carries: nothing naming a person or a tool. */
export const COPY_INFO = { title: 'Kopia av allmän handling', producer: 'Sektor Lärande' } as const;

export interface CopyHeader {
  readonly municipalityName: string;
  /**
   * The release's own registration number and date; null while the reviewer
   * previews. `toGuardian`: released to the pupil's guardian as a person
   * concerned (OSL 12 kap. 3 §), which the copy says, as it is not public.
   */
  readonly release: {
    readonly registrationNumber: string;
    readonly date: string;
    readonly toGuardian?: boolean;
  } | null;
  /** YYYY-MM-DD, the day the copy is drawn. */
  readonly preparedOn: string;
}

function releaseLine(header: CopyHeader): string {
  return header.release
    ? `Utlämnad ${header.release.date} i ärende ${header.release.registrationNumber}${header.release.toGuardian ? ' till vårdnadshavaren enligt OSL 12 kap. 3 §, inte offentlig' : ''}`
    : `Förhandsgranskning ${header.preparedOn}, inte utlämnad`;
}

function recordLine(document: RedactedDocument): string {
  return `Kopia av allmän handling med diarienummer ${document.registrationNumber}`;
}

/** Fixed texts of every copy; the leak check counts them as visible text. */
export function copyChromeTexts(header: CopyHeader, document: RedactedDocument): string[] {
  return [
    header.municipalityName,
    document.title,
    recordLine(document),
    releaseLine(header),
    LEGEND,
    'sida 0123456789 av',
  ];
}

const LEGEND =
  'Svarta rutor visar uppgifter som har maskerats (tagits bort) med stöd av den bestämmelse i ' +
  'offentlighets- och sekretesslagen (OSL) som står i rutan. Rutorna har samma storlek oavsett ' +
  'hur mycket text som har tagits bort.';

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly width: number }
  | { readonly kind: 'marker'; readonly label: string }
  | { readonly kind: 'break' };

interface Placed {
  readonly x: number;
  readonly token: Token;
}

/**
 * Draws a redacted record as a new PDF. It receives only the redacted
 * document, so no struck character can reach pdf-lib: no glyph of one is
 * subset into the font, no width of one is measured. Built from nothing
 * (never by editing a PDF), in one revision, with a neutral title and
 * producer and nothing else in the document information.
 */
export async function renderRedactedCopy(
  document: RedactedDocument,
  header: CopyHeader,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(FONTKIT_FOR_PDF_LIB);
  pdf.setTitle(COPY_INFO.title);
  pdf.setProducer(COPY_INFO.producer);
  const regular = await pdf.embedFont(DEJAVU_SANS, { subset: true });
  const bold = await pdf.embedFont(DEJAVU_SANS_BOLD, { subset: true });
  shareWidths(regular, DEJAVU_SANS);
  shareWidths(bold, DEJAVU_SANS_BOLD);
  const space = regular.widthOfTextAtSize(' ', BODY);
  const contentWidth = A4.width - 2 * MARGIN;

  const pages: PDFPage[] = [];
  let page!: PageWriter;
  let y = 0;
  const newPage = (): void => {
    const added = pdf.addPage([A4.width, A4.height]);
    pages.push(added);
    page = new PageWriter(added);
    y = A4.height - MARGIN;
    page.text(header.municipalityName, MARGIN, y - 9, bold, 9, BLACK);
    page.text(recordLine(document), MARGIN, y - 20, regular, 8, INK);
    page.text(releaseLine(header), MARGIN, y - 30, regular, 8, INK);
    y -= 44;
  };
  const ensure = (height: number): void => {
    if (y - height < MARGIN + 16) {
      newPage();
    }
  };
  const plain = (text: string, font: PDFFont, size: number): void => {
    const tokens = tokenize([{ kind: 'text', text }], font, size);
    for (const line of layout(
      tokens,
      contentWidth,
      font.widthOfTextAtSize(' ', size),
      font,
      size,
    )) {
      ensure(size * LINE);
      y -= size * LINE;
      drawLine(page, line, y, font, size);
    }
  };

  newPage();
  plain(document.title, bold, 17);
  y -= 4;
  const hasMarkers = document.sections.some((section) =>
    section.fields.some((field) => field.segments.some((segment) => segment.kind === 'marker')),
  );
  if (hasMarkers) {
    plain(LEGEND, regular, 8.5);
    y -= 4;
  }
  for (const section of document.sections) {
    if (section.heading) {
      ensure(44);
      y -= 10;
      plain(section.heading, bold, 13);
      y -= 2;
    }
    for (const field of section.fields) {
      if (field.heading) {
        ensure(34);
        y -= 5;
        plain(field.heading, bold, 11);
      }
      const segments: Segment[] = field.label
        ? [{ kind: 'text', text: `${field.label}: ` }, ...field.segments]
        : [...field.segments];
      const tokens = tokenize(segments, regular, BODY);
      for (const line of layout(tokens, contentWidth, space, regular, BODY)) {
        ensure(BODY * LINE);
        y -= BODY * LINE;
        drawLine(page, line, y, regular, BODY);
      }
    }
  }

  finishPages(pages, regular, MARGIN);
  return pdf.save();
}

type Colour = readonly [red: number, green: number, blue: number];
const BLACK: Colour = [0, 0, 0];
const WHITE: Colour = [1, 1, 1];

/**
 * Writes a page's text and boxes as content operators: each run of text is
 * one text object (BT … ET) drawn where it stands, in a font named once per
 * page, with the font, size and colour set only when they change. What
 * pdf-lib's drawText writes, without a saved graphics state and a new font
 * name around every run (pdf-lib names the font anew for each drawText):
 * a reader then sets up the font for each run again.
 */
class PageWriter {
  private readonly fontNames = new Map<PDFFont, PDFName>();
  private font?: PDFName;
  private size?: number;
  private colour?: Colour;

  constructor(private readonly page: PDFPage) {}

  text(text: string, x: number, y: number, font: PDFFont, size: number, colour: Colour): void {
    let name = this.fontNames.get(font);
    if (!name) {
      name = this.page.node.newFontDictionary(font.name, font.ref);
      this.fontNames.set(font, name);
    }
    this.page.pushOperators(beginText());
    if (name !== this.font || size !== this.size) {
      this.page.pushOperators(setFontAndSize(name, size));
      this.font = name;
      this.size = size;
    }
    this.fillWith(colour);
    this.page.pushOperators(moveText(x, y), showText(font.encodeText(cleanText(text))), endText());
  }

  box(x: number, y: number, width: number, height: number, colour: Colour): void {
    this.fillWith(colour);
    this.page.pushOperators(rectangle(x, y, width, height), fill());
  }

  private fillWith(colour: Colour): void {
    if (colour !== this.colour) {
      this.page.pushOperators(setFillingRgbColor(...colour));
      this.colour = colour;
    }
  }
}

/** Word widths at size 1000 by font file, kept from copy to copy. */
const widthsByFile = new Map<Uint8Array, Map<string, number>>();
const widths = new WeakMap<PDFFont, Map<string, number>>();
/** Enough for the words of many plans; past it the list starts over. */
const MAX_KNOWN_WIDTHS = 20_000;

/**
 * Measures the document's font's words in the widths known for its font
 * file: a width depends on nothing but the file and the word, and plans
 * repeat their words.
 */
function shareWidths(font: PDFFont, file: Uint8Array): void {
  let known = widthsByFile.get(file);
  if (!known) {
    known = new Map();
    widthsByFile.set(file, known);
  }
  widths.set(font, known);
}

/**
 * A word's width, measured once: shaping a word with fontkit costs more
 * than drawing it.
 */
function widthOf(font: PDFFont, word: string, size: number): number {
  let known = widths.get(font);
  if (!known) {
    known = new Map();
    widths.set(font, known);
  }
  let width = known.get(word);
  if (width === undefined) {
    width = font.widthOfTextAtSize(word, 1000);
    if (known.size >= MAX_KNOWN_WIDTHS) {
      known.clear();
    }
    known.set(word, width);
  }
  return (width * size) / 1000;
}

/** Words (measured on visible text only), markers and the writer's own line breaks. */
function tokenize(segments: readonly Segment[], font: PDFFont, size: number): Token[] {
  const tokens: Token[] = [];
  for (const segment of segments) {
    if (segment.kind === 'marker') {
      tokens.push({ kind: 'marker', label: markerLabel(segment) });
      continue;
    }
    segment.text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .forEach((paragraph, index) => {
        if (index > 0) {
          tokens.push({ kind: 'break' });
        }
        for (const word of paragraph.split(/\s+/u).filter(Boolean)) {
          tokens.push({ kind: 'word', text: word, width: widthOf(font, word, size) });
        }
      });
  }
  return tokens;
}

/** Lines of placed tokens; a word wider than a line is cut where it must be. */
function layout(
  tokens: readonly Token[],
  width: number,
  space: number,
  font: PDFFont,
  size: number,
): Placed[][] {
  const lines: Placed[][] = [];
  let line: Placed[] = [];
  let x = 0;
  const place = (token: Token, tokenWidth: number): void => {
    const at = line.length === 0 ? 0 : x + space;
    if (line.length > 0 && at + tokenWidth > width) {
      lines.push(line);
      line = [];
      x = 0;
      place(token, tokenWidth);
      return;
    }
    line.push({ x: at, token });
    x = at + tokenWidth;
  };
  for (const token of tokens) {
    if (token.kind === 'break') {
      lines.push(line);
      line = [];
      x = 0;
    } else if (token.kind === 'marker') {
      place(token, MARKER_BOX.width);
    } else if (token.width <= width) {
      place(token, token.width);
    } else {
      let rest = token.text;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) {
          cut -= 1;
        }
        const piece = rest.slice(0, cut);
        const pieceWidth = font.widthOfTextAtSize(piece, size);
        place({ kind: 'word', text: piece, width: pieceWidth }, pieceWidth);
        rest = rest.slice(cut);
      }
      place({ kind: 'word', text: rest, width: font.widthOfTextAtSize(rest, size) }, width);
    }
  }
  if (line.length > 0 || lines.length === 0) {
    lines.push(line);
  }
  return lines.filter((each) => each.length > 0);
}

/** Consecutive words are one run of text; each marker is a box with its label centred. */
function drawLine(
  page: PageWriter,
  line: readonly Placed[],
  y: number,
  font: PDFFont,
  size: number,
) {
  let run: string[] = [];
  let runX = 0;
  const flush = (): void => {
    if (run.length > 0) {
      page.text(run.join(' '), MARGIN + runX, y, font, size, INK);
      run = [];
    }
  };
  for (const { x, token } of line) {
    if (token.kind === 'word') {
      if (run.length === 0) {
        runX = x;
      }
      run.push(token.text);
    } else if (token.kind === 'marker') {
      flush();
      drawMarker(page, MARGIN + x, y, token.label, font);
    }
  }
  flush();
}

function drawMarker(page: PageWriter, x: number, y: number, label: string, font: PDFFont): void {
  page.box(x, y - MARKER_BOX.descent, MARKER_BOX.width, MARKER_BOX.height, BLACK);
  const room = MARKER_BOX.width - 8;
  const size = Math.min(
    MARKER_BOX.maxLabelSize,
    (MARKER_BOX.maxLabelSize * room) / font.widthOfTextAtSize(label, MARKER_BOX.maxLabelSize),
  );
  const labelWidth = font.widthOfTextAtSize(label, size);
  page.text(label, x + (MARKER_BOX.width - labelWidth) / 2, y, font, size, WHITE);
}
