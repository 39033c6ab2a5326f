import type { RedactedDocument } from './apply-redactions';

export interface CopyPreviewView {
  readonly title: string;
  readonly registrationNumber: string;
  readonly sections: RedactedDocument['sections'];
  /** How many boxes name each ground, in the order of the configured grounds. */
  readonly groundCounts: readonly { readonly ground: string; readonly count: number }[];
  readonly boxCount: number;
}

/**
 * The preview beside the record: the redacted document the PDF is drawn
 * from, and how many boxes name each ground (a box whose merged passages
 * had two grounds counts for both).
 */
export function toCopyPreviewView(
  document: RedactedDocument,
  grounds: readonly string[],
): CopyPreviewView {
  const markers = document.sections.flatMap((section) =>
    section.fields.flatMap((field) =>
      field.segments.filter((segment) => segment.kind === 'marker'),
    ),
  );
  return {
    title: document.title,
    registrationNumber: document.registrationNumber,
    sections: document.sections,
    boxCount: markers.length,
    groundCounts: grounds
      .map((ground) => ({
        ground,
        count: markers.filter((marker) => marker.grounds.includes(ground)).length,
      }))
      .filter((each) => each.count > 0),
  };
}
