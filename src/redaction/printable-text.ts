import { withoutDirectionControls } from '../common/text-characters';
import type { AppliedRedactions, RedactedDocument, Segment } from './apply-redactions';

/**
 * The characters a reader gives back as others when it extracts a copy's
 * text (pdfjs' `normalizeUnicode`: presentation-form ligatures, the micro
 * and ohm signs, Hebrew and Arabic presentation forms, a few spaces), and
 * U+FB05 (ﬅ), which it gives back as "ſt". A glyph of one would sit in the
 * font's subset while the text layer shows its letters, and the leak check
 * would take it for the rest of struck text.
 */
const READ_BACK_AS_OTHERS =
  /[\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]/gu;

/**
 * A text as a copy draws it: each character a reader would give back as
 * others written as those (its NFKC form; nothing else of the text changes),
 * and no direction controls, which a reader drops. Plans saved before these
 * were refused at saving still make copies that read back as drawn.
 */
export function printableText(text: string): string {
  return withoutDirectionControls(text).replace(READ_BACK_AS_OTHERS, (character) =>
    character.normalize('NFKC'),
  );
}

function printableSegment(segment: Segment): Segment {
  return segment.kind === 'text' ? { kind: 'text', text: printableText(segment.text) } : segment;
}

/**
 * The redacted document and its struck texts as the copy draws them. Done
 * after the redactions are applied, so the reviewer's spans keep pointing
 * into the text as stored; the renderer and the leak check then get the
 * same text (what is drawn, what may show, what must not).
 */
export function printableRedactions(applied: AppliedRedactions): AppliedRedactions {
  const document: RedactedDocument = {
    title: printableText(applied.document.title),
    registrationNumber: applied.document.registrationNumber,
    sections: applied.document.sections.map((section) => ({
      heading: section.heading === null ? null : printableText(section.heading),
      fields: section.fields.map((field) => ({
        id: field.id,
        ...(field.heading === undefined ? {} : { heading: printableText(field.heading) }),
        ...(field.label === undefined ? {} : { label: printableText(field.label) }),
        segments: field.segments.map(printableSegment),
      })),
    })),
  };
  return {
    document,
    struckTexts: applied.struckTexts.map(printableText),
    markerCount: applied.markerCount,
  };
}
