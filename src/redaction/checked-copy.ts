import { AppliedRedactions, markerLabel, RedactedDocument } from './apply-redactions';
import { checkForLeaks, LeakReport } from './leak-check';
import { printableRedactions } from './printable-text';
import {
  COPY_INFO,
  copyChromeTexts,
  CopyHeader,
  MARKER_BOX,
  renderRedactedCopy,
} from './redacted-pdf';

/** Draws a redacted document; replaceable so the gate behind it can be tested with a faulty one. */
export type CopyRenderer = (document: RedactedDocument, header: CopyHeader) => Promise<Uint8Array>;

/**
 * Draws the copy and runs the leak check on its bytes. The caller must not
 * hand out the bytes unless `report.passed`. The text is drawn as
 * `printableText` makes it (ligatures as letters, no direction controls).
 */
export async function makeCheckedCopy(
  redactions: AppliedRedactions,
  header: CopyHeader,
  grounds: readonly string[],
  render: CopyRenderer = renderRedactedCopy,
): Promise<{ bytes: Uint8Array; report: LeakReport }> {
  // Drawn and checked as the same text: what a reader gives back as drawn.
  const applied = printableRedactions(redactions);
  const bytes = await render(applied.document, header);
  const report = await checkForLeaks({
    bytes,
    struckTexts: applied.struckTexts,
    visibleTexts: visibleTexts(applied.document, header, grounds),
    markers: {
      labels: markerLabels(applied.document),
      boxWidth: MARKER_BOX.width,
      maxLabelSize: MARKER_BOX.maxLabelSize,
    },
    allowedInfo: { Title: COPY_INFO.title, Producer: COPY_INFO.producer },
    expectText: true,
  });
  return { bytes, report };
}

/** Every label a box in this copy shows. */
export function markerLabels(document: RedactedDocument): string[] {
  return [
    ...new Set(
      document.sections.flatMap((section) =>
        section.fields.flatMap((field) =>
          field.segments.flatMap((segment) =>
            segment.kind === 'marker' ? [markerLabel(segment)] : [],
          ),
        ),
      ),
    ),
  ];
}

/**
 * What the copy may show, taken from the redacted document (never from the
 * renderer's output): the released text, headings, labels, box labels and
 * the copy's fixed texts.
 */
export function visibleTexts(
  document: RedactedDocument,
  header: CopyHeader,
  grounds: readonly string[],
): string[] {
  const texts = [...copyChromeTexts(header, document), ...grounds];
  for (const section of document.sections) {
    texts.push(section.heading ?? '');
    for (const field of section.fields) {
      texts.push(field.heading ?? '', field.label ? `${field.label}:` : '');
      for (const segment of field.segments) {
        texts.push(segment.kind === 'text' ? segment.text : markerLabel(segment));
      }
    }
  }
  return texts.filter(Boolean);
}
