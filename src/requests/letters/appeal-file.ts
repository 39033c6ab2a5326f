import fontkit from '@cantoo/fontkit';
import { PDFDocument, rgb } from '@cantoo/pdf-lib';

import { DEJAVU_SANS_BOLD } from '../../common/pdf/fonts';
import { LetterBlock, renderLetterPdf } from './letter';

/** What the court gets with an appeal (förvaltningslagen 46 §): the file's cover and what is attached. */
export interface AppealFileInput {
  readonly municipalityName: string;
  readonly requestRegistrationNumber: string;
  /** YYYY-MM-DD, the day it is forwarded. */
  readonly date: string;
  readonly court: string;
  readonly appeal: {
    readonly receivedOn: string;
    readonly deadline: string;
    readonly inTime: boolean;
    /** Why a late appeal is tried all the same, in words. */
    readonly lateException: string | null;
  };
  /** The decision appealed against, attached after the cover. */
  readonly decision: { readonly registrationNumber: string | null; readonly bytes: Uint8Array };
  /** Each record's outcome, and where passages were struck on which ground — never their text. */
  readonly records: readonly {
    readonly registrationNumber: string;
    readonly outcome: string;
    readonly grounds: readonly string[];
    readonly struck: readonly { readonly place: string; readonly ground: string }[];
  }[];
  /** The copies released, attached after the decision, with the SHA-256 of each. */
  readonly copies: readonly {
    readonly title: string;
    readonly sha256: string;
    readonly bytes: Uint8Array;
  }[];
  /** The audit entry of the decision: the chain's anchor, which names the copies' SHA-256. */
  readonly anchor: { readonly id: string; readonly hash: string; readonly at: string } | null;
  /** The records sent apart, in the original and marked confidential. */
  readonly originals: readonly string[];
}

/** The appeal file's cover as text blocks (headings, paragraphs, bullets). */
export function appealFileBlocks(input: AppealFileInput): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  const heading = (text: string) => blocks.push({ kind: 'heading', text });
  const paragraph = (text: string) => blocks.push({ kind: 'paragraph', text });
  const bullet = (text: string) => blocks.push({ kind: 'bullet', text });
  blocks.push({ kind: 'title', text: `Överklagande – akt till ${input.court}` });
  paragraph(
    `${input.municipalityName}, Sektor Lärande, lämnar över överklagandet i ärende ${input.requestRegistrationNumber} till ${input.court} (förvaltningslagen 2017:900 46 §).`,
  );
  heading('Överklagandet');
  paragraph(
    `Kom in ${input.appeal.receivedOn}; sista dag var ${input.appeal.deadline}. ${
      input.appeal.inTime
        ? 'Överklagandet kom in i rätt tid.'
        : `Överklagandet kom in för sent men prövas ändå (förvaltningslagen 45 §): ${input.appeal.lateException ?? ''}.`
    }`,
  );
  heading('Det överklagade beslutet');
  paragraph(
    `Beslut ${input.decision.registrationNumber ?? ''} (bilaga 1). Beslutet i fråga om varje handling:`,
  );
  for (const record of input.records) {
    bullet(
      `${record.registrationNumber}: ${record.outcome}${record.grounds.length ? ` med stöd av ${record.grounds.join(' och ')}` : ''}.`,
    );
  }
  heading('Maskerade avsnitt');
  const struck = input.records.flatMap((record) =>
    record.struck.map(
      (passage) => `${record.registrationNumber}, ${passage.place}: ${passage.ground}`,
    ),
  );
  if (struck.length === 0) {
    paragraph('Inga avsnitt är maskerade i de utlämnade kopiorna.');
  } else {
    paragraph(
      'Var i handlingarna avsnitt har maskerats och med stöd av vilken bestämmelse. Det maskerade innehållet står i handlingarna i original, som skickas separat.',
    );
    for (const line of struck) bullet(line);
  }
  heading('Kontroll av kopiorna');
  paragraph(
    input.copies.length === 0
      ? 'Inga kopior lämnades ut.'
      : 'De kopior som lämnades ut är bifogade (bilaga 2 och följande). Kontrollsumma (SHA-256) för varje kopia:',
  );
  for (const copy of input.copies) bullet(`${copy.title}: ${copy.sha256}`);
  if (input.anchor) {
    paragraph(
      `Beslutet är registrerat i Sektor Lärandes granskningslogg som post ${input.anchor.id} (${input.anchor.at}), med hash ${input.anchor.hash}. Posten anger kopiornas kontrollsummor, och loggens kedja från posten kan kontrolleras (verify-audit), så att det går att visa att kopiorna är de som granskades och lämnades ut.`,
    );
  }
  heading('Handlingarna i original');
  paragraph(
    input.originals.length === 0
      ? 'Alla handlingar lämnades ut utan maskeringar; inga handlingar i original skickas.'
      : `Skickas separat till domstolen, sekretessmarkerade: ${input.originals.join('; ')}.`,
  );
  return blocks;
}

/** The appeal file as one PDF: the cover, then the decision, then the released copies. */
export async function renderAppealFile(input: AppealFileInput): Promise<Uint8Array> {
  const cover = await renderLetterPdf(
    {
      municipalityName: input.municipalityName,
      letterRegistrationNumber: input.requestRegistrationNumber,
      date: input.date,
    },
    appealFileBlocks(input),
  );
  const file = await PDFDocument.load(cover, { updateMetadata: false });
  for (const attached of [input.decision.bytes, ...input.copies.map((copy) => copy.bytes)]) {
    const source = await PDFDocument.load(attached, { updateMetadata: false });
    const pages = await file.copyPages(source, source.getPageIndices());
    for (const page of pages) file.addPage(page);
  }
  return file.save();
}

/** A record in the original for the court: every page marked confidential at its top. */
export async function markForCourt(bytes: Uint8Array, marking: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const bold = await pdf.embedFont(DEJAVU_SANS_BOLD, { subset: true });
  for (const page of pdf.getPages()) {
    const { width, height } = page.getSize();
    // The whole marking on one line: smaller type on a narrow page rather than cut off.
    const size = Math.min(9, (9 * (width - 40)) / bold.widthOfTextAtSize(marking, 9));
    page.drawText(marking, {
      x: Math.max(20, (width - bold.widthOfTextAtSize(marking, size)) / 2),
      y: height - 18,
      size,
      font: bold,
      color: rgb(0.7, 0, 0),
    });
  }
  return pdf.save();
}
