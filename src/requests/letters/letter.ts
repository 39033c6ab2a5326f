import { join } from 'node:path';

import fontkit from '@cantoo/fontkit';
import nunjucks from 'nunjucks';
import { PDFDocument, PDFFont, PDFPage, rgb } from '@cantoo/pdf-lib';

import { A4, DEJAVU_SANS, DEJAVU_SANS_BOLD } from '../../common/pdf/fonts';
import { finishPages } from '../../common/pdf/pages';
import { wrap } from '../../plans/plan-pdf';
import { formatFee } from '../fees';
import {
  APPEALABLE_DECISIONS,
  Closure,
  ConcernedPartyBasis,
  Decision,
  decisionLabel,
  DeliveryMethod,
  ReopenReason,
} from '../request-lifecycle';

export type LetterKind = 'decision' | 'cover' | 'forwarded';

export interface LetterRecord {
  readonly registrationNumber: string | null;
  readonly title: string;
  readonly decision: Decision;
  /** The grounds of a refusal, or of each redaction (distinct). */
  readonly grounds: readonly string[];
  readonly redactionCount: number;
  readonly reasons: string | null;
  /** The day its copy went out in a batch ahead of this decision, if it did. */
  readonly deliveredOn?: string | null;
  /** A guardian's request about their child: whether OSL 12 kap. 3 § lifted the confidentiality toward them. */
  readonly concernedParty?: ConcernedPartyBasis | null;
  /** Four eyes (REQUEST_FOUR_EYES): the second reviewer who approved a refusal or redactions, and when ("2026-12-06 10:15"). */
  readonly approval?: { readonly name: string; readonly at: string } | null;
}

export interface LetterInput {
  readonly municipalityName: string;
  readonly letterRegistrationNumber: string;
  readonly requestRegistrationNumber: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly receivedOn: string;
  readonly description: string;
  readonly recipient: { readonly name: string | null; readonly postalAddress: string | null };
  readonly records: readonly LetterRecord[];
  readonly decisionMaker: { readonly name: string; readonly title: string };
  readonly delegation: string;
  readonly appealCourt: string;
  readonly delivery: DeliveryMethod;
  readonly pages: number;
  readonly feeKr: number;
  /** A request closed without records (then `records` is empty): why, and where it went. */
  readonly closure: LetterClosure | null;
  /** A new decision after an appeal: why, and the letter it replaces. */
  readonly revision: LetterRevision | null;
}

export interface LetterRevision {
  readonly reason: ReopenReason;
  /** The registration number of the letter this one replaces. */
  readonly replaces: string | null;
  readonly court: string | null;
  readonly courtReference: string | null;
}

/** The paragraph that says why this decision replaces an earlier one. */
export function revisionText(revision: LetterRevision): string {
  const earlier = revision.replaces ? `beslut ${revision.replaces}` : 'det tidigare beslutet';
  const court = revision.court ?? 'Domstolen';
  const reference = revision.courtReference ? ` (${revision.courtReference})` : '';
  switch (revision.reason) {
    case 'reconsideration':
      return `Sektor Lärande har omprövat ${earlier} efter ditt överklagande (förvaltningslagen 2017:900 37–39 §§). Det här beslutet ersätter det.`;
    case 'court_changed':
      return `${court} har ändrat ${earlier}${reference}. Det här beslutet verkställer domen och ersätter ${earlier}.`;
    case 'court_returned':
      return `${court} har återförvisat ärendet till Sektor Lärande för ny prövning${reference}. Det här är det nya beslutet; det ersätter ${earlier}.`;
  }
}

export interface LetterClosure {
  readonly kind: Closure;
  /** The authority a forwarded request went to. */
  readonly forwardedTo: string | null;
  readonly reasons: string | null;
}

/**
 * A formal, appealable decision whenever anything is refused, struck or
 * answered "no public record yet"; otherwise (everything released) a short
 * cover letter.
 */
export function letterKind(
  records: readonly LetterRecord[],
  closure: Pick<LetterClosure, 'kind'> | null = null,
): LetterKind {
  if (closure) {
    // "The record does not exist here" is a refusal; forwarding decides nothing.
    return closure.kind === 'no_record' ? 'decision' : 'forwarded';
  }
  return records.some((r) => APPEALABLE_DECISIONS.includes(r.decision)) ? 'decision' : 'cover';
}

/** The letter's title, as the PDF and the request's documents name it. */
export function letterTitle(kind: LetterKind): string {
  switch (kind) {
    case 'decision':
      return 'Beslut om utlämnande av allmänna handlingar';
    case 'cover':
      return 'Utlämnande av allmänna handlingar';
    case 'forwarded':
      return 'Begäran om allmänna handlingar har lämnats över';
  }
}

/** Copies go out only of records released, in whole or with passages struck. */
function releasesAny(records: readonly LetterRecord[]): boolean {
  return records.some((r) => r.decision === 'release' || r.decision === 'release_with_redactions');
}

export type LetterBlock = {
  readonly kind: 'title' | 'heading' | 'paragraph' | 'bullet';
  readonly text: string;
};

let environment: nunjucks.Environment | undefined;

function letters(templatesDir: string): nunjucks.Environment {
  environment ??= new nunjucks.Environment(
    new nunjucks.FileSystemLoader(join(templatesDir, 'letters')),
    {
      autoescape: false,
      throwOnUndefined: true,
      trimBlocks: true,
      lstripBlocks: true,
    },
  );
  return environment;
}

/** What the decision to dismiss a late appeal says (förvaltningslagen 45 §). */
export interface DismissalLetterInput {
  readonly municipalityName: string;
  readonly letterRegistrationNumber: string;
  readonly requestRegistrationNumber: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly recipient: { readonly name: string | null; readonly postalAddress: string | null };
  readonly appealReceivedOn: string;
  readonly deadline: string;
  readonly decisionMaker: { readonly name: string; readonly title: string };
  readonly delegation: string;
  readonly appealCourt: string;
}

export const DISMISSAL_LETTER_TITLE = 'Beslut om avvisning av överklagande';

/** The dismissal's text: the decision, why, and its own appeal notice. */
export function dismissalLetterText(input: DismissalLetterInput, templatesDir: string): string {
  return letters(templatesDir).render('dismissal.njk', {
    ...input,
    title: DISMISSAL_LETTER_TITLE,
    recipient: recipientLines(input.recipient),
  });
}

function recipientLines(recipient: LetterInput['recipient']): string {
  return recipient.name
    ? [recipient.name, recipient.postalAddress].filter(Boolean).join('\n')
    : 'Till den som begärt handlingarna';
}

/** The letter's text from `templates/letters/` (plain text with `#` headings and `-` bullets). */
export function letterText(input: LetterInput, templatesDir: string): string {
  const environment = letters(templatesDir);
  const kind = letterKind(input.records, input.closure);
  const anyCopies = releasesAny(input.records);
  const deliveryText = !anyCopies
    ? 'Inga kopior lämnas ut, eftersom ingen handling lämnas ut.'
    : input.delivery === 'electronic'
      ? 'Kopiorna lämnas ut elektroniskt och hämtas via länken på statussidan för ert ärende.'
      : input.delivery === 'paper'
        ? `Kopiorna skickas på papper per post (${input.pages} sidor).`
        : 'Handlingarna finns att läsa på plats hos Sektor Lärande; boka en tid med ärendets diarienummer.';
  return environment.render(`${kind}.njk`, {
    ...input,
    recipient: recipientLines(input.recipient),
    records: input.records.map((record) => ({
      ...record,
      label: record.registrationNumber
        ? `${record.registrationNumber} (${record.title})`
        : record.title,
      concernedText: record.concernedParty
        ? concernedPartyText(record.concernedParty, record.redactionCount > 0)
        : null,
      outcome: record.deliveredOn
        ? `${decisionLabel(record.decision)} (utlämnad redan ${record.deliveredOn})`
        : decisionLabel(record.decision),
    })),
    anyRedaction: input.records.some((r) => r.decision === 'release_with_redactions'),
    anyRefusal: input.records.some((r) => r.decision === 'refuse'),
    anyNoPublicRecord: input.records.some((r) => r.decision === 'no_public_record'),
    anyCopies,
    deliveryText,
    revisionText: input.revision ? revisionText(input.revision) : null,
    feeText: formatFee(input.feeKr),
  });
}

/**
 * What the letter tells a guardian who asked about their own child, per
 * record: the confidentiality that protects the child lifted toward them
 * (OSL 12 kap. 3 §), or kept because it protects the child against them.
 */
export function concernedPartyText(basis: ConcernedPartyBasis, struck: boolean): string {
  return basis === 'lifted'
    ? `Du har begärt handlingen som vårdnadshavare för barnet. Sekretessen till skydd för barnet gäller inte mot dig för uppgifter som du behöver för att utöva vårdnaden (offentlighets- och sekretesslagen 12 kap. 3 §, föräldrabalken 6 kap. 11 §). Barnets uppgifter lämnas därför ut till dig${struck ? '; det som har maskerats är uppgifter om andra personer än barnet' : ''}. Utlämnandet gäller dig som vårdnadshavare; handlingen blir inte därmed offentlig för andra.`
    : 'Du har begärt handlingen som vårdnadshavare för barnet. Sekretessen till skydd för barnet gäller även mot dig, eftersom barnet kan antas lida betydande men om uppgifterna lämnas ut till dig (offentlighets- och sekretesslagen 12 kap. 3 §).';
}

/** Headings, bullets and paragraphs of the letter's text. */
export function parseLetter(text: string): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) {
      blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
      paragraph = [];
    }
  };
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'heading', text: trimmed.slice(3) });
    } else if (trimmed.startsWith('# ')) {
      flush();
      blocks.push({ kind: 'title', text: trimmed.slice(2) });
    } else if (trimmed.startsWith('- ')) {
      flush();
      blocks.push({ kind: 'bullet', text: trimmed.slice(2) });
    } else if (trimmed === '') {
      flush();
    } else {
      paragraph.push(trimmed);
    }
  }
  flush();
  return blocks;
}

const MARGIN = 62;
const INK = rgb(0.1, 0.1, 0.1);

/** The letter as a PDF: letterhead, registration number and date, the text, "sida N av M". */
export async function renderLetterPdf(
  input: Pick<LetterInput, 'municipalityName' | 'letterRegistrationNumber' | 'date'>,
  blocks: readonly LetterBlock[],
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  pdf.setTitle(blocks.find((b) => b.kind === 'title')?.text ?? 'Beslut');
  pdf.setProducer('Sektor Lärande');
  const regular = await pdf.embedFont(DEJAVU_SANS, { subset: true });
  const bold = await pdf.embedFont(DEJAVU_SANS_BOLD, { subset: true });
  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;
  const width = A4.width - 2 * MARGIN;
  const newPage = (): void => {
    page = pdf.addPage([A4.width, A4.height]);
    pages.push(page);
    y = A4.height - MARGIN;
    page.drawText(input.municipalityName, { x: MARGIN, y, size: 11, font: bold, color: INK });
    page.drawText('Sektor Lärande', { x: MARGIN, y: y - 14, size: 10, font: regular, color: INK });
    const right = `Diarienummer ${input.letterRegistrationNumber}`;
    page.drawText(right, {
      x: A4.width - MARGIN - regular.widthOfTextAtSize(right, 9),
      y,
      size: 9,
      font: regular,
      color: INK,
    });
    const dated = `Datum ${input.date}`;
    page.drawText(dated, {
      x: A4.width - MARGIN - regular.widthOfTextAtSize(dated, 9),
      y: y - 14,
      size: 9,
      font: regular,
      color: INK,
    });
    y -= 50;
  };
  const lines = (text: string, font: PDFFont, size: number, indent = 0, gapAfter = 4): void => {
    for (const line of wrap(text, font, size, width - indent)) {
      if (y - size * 1.45 < MARGIN + 20) {
        newPage();
      }
      y -= size * 1.45;
      page.drawText(line, { x: MARGIN + indent, y, size, font, color: INK });
    }
    y -= gapAfter;
  };
  newPage();
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        lines(block.text, bold, 15, 0, 8);
        break;
      case 'heading':
        y -= 6;
        lines(block.text, bold, 11.5, 0, 2);
        break;
      case 'bullet':
        if (y - 15 < MARGIN + 20) {
          newPage();
        }
        page.drawText('•', {
          x: MARGIN + 2,
          y: y - 10.5 * 1.45,
          size: 10.5,
          font: regular,
          color: INK,
        });
        lines(block.text, regular, 10.5, 14, 2);
        break;
      case 'paragraph':
        lines(block.text, regular, 10.5, 0, 6);
        break;
    }
  }
  finishPages(pages, regular, MARGIN);
  return pdf.save();
}
