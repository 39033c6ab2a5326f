import { fieldsById, RecordDocument } from './record-document';

/** Strike a whole field, or (with `span`) the characters [start, end) of its text. */
export interface Redaction {
  readonly fieldId: string;
  readonly ground: string;
  /** UTF-16 offsets into the field's text, as a browser selection gives them. */
  readonly span?: { readonly start: number; readonly end: number };
}

/** What stands where text was struck: its legal grounds and nothing else. */
export interface Marker {
  readonly kind: 'marker';
  readonly grounds: readonly string[];
}

export type Segment = { readonly kind: 'text'; readonly text: string } | Marker;

export interface RedactedField {
  readonly id: string;
  readonly heading?: string;
  readonly label?: string;
  readonly segments: readonly Segment[];
}

export interface RedactedDocument {
  readonly title: string;
  readonly registrationNumber: string;
  readonly sections: readonly {
    readonly heading: string | null;
    readonly fields: readonly RedactedField[];
  }[];
}

export interface AppliedRedactions {
  readonly document: RedactedDocument;
  /** The texts that were struck, for the leak check. Never rendered, never logged. */
  readonly struckTexts: readonly string[];
  readonly markerCount: number;
}

/** One reason a list of redactions cannot be applied, in Swedish, naming the redaction. */
export interface RedactionProblem {
  /** Index of the redaction in the list given. */
  readonly index: number;
  readonly message: string;
}

export class InvalidRedactionsError extends Error {
  constructor(readonly problems: readonly RedactionProblem[]) {
    super(problems.map((p) => `Maskering ${p.index + 1}: ${p.message}`).join(' '));
    this.name = 'InvalidRedactionsError';
  }
}

interface Range {
  start: number;
  end: number;
  grounds: Set<string>;
}

/** Only whitespace and punctuation between two struck spans: they are one box, not two. */
const JOINABLE_GAP = /^[\s.,;:!?…–—\-()"'”’«»]*$/u;

/**
 * Replaces every struck span or field by a marker carrying only its legal
 * grounds. Pure: the result holds no struck character, so nothing after this
 * step can render one. Overlapping and adjacent spans, and spans separated
 * only by spaces or punctuation, become one marker.
 */
export function applyRedactions(
  document: RecordDocument,
  redactions: readonly Redaction[],
  allowedGrounds: readonly string[],
): AppliedRedactions {
  const fields = fieldsById(document);
  const problems: RedactionProblem[] = [];
  const byField = new Map<string, Range[]>();

  redactions.forEach((redaction, index) => {
    const field = fields.get(redaction.fieldId);
    if (!field) {
      problems.push({ index, message: `fältet ”${redaction.fieldId}” finns inte i handlingen.` });
      return;
    }
    if (!allowedGrounds.includes(redaction.ground)) {
      problems.push({
        index,
        message: `”${redaction.ground}” är inte en av de sekretessgrunder som får anges.`,
      });
      return;
    }
    const range = redaction.span
      ? checkSpan(redaction.span, field.text, index, problems)
      : { start: 0, end: field.text.length };
    if (range) {
      const ranges = byField.get(field.id) ?? [];
      ranges.push({ ...range, grounds: new Set([redaction.ground]) });
      byField.set(field.id, ranges);
    }
  });
  if (problems.length > 0) {
    throw new InvalidRedactionsError(problems);
  }

  const struckTexts: string[] = [];
  let markerCount = 0;
  const sections = document.sections.map((section) => ({
    heading: section.heading,
    fields: section.fields.map((field): RedactedField => {
      const ranges = mergeRanges(field.text, byField.get(field.id) ?? []);
      const segments: Segment[] = [];
      let at = 0;
      for (const range of ranges) {
        if (range.start > at) {
          segments.push({ kind: 'text', text: field.text.slice(at, range.start) });
        }
        segments.push({ kind: 'marker', grounds: [...range.grounds].sort() });
        struckTexts.push(field.text.slice(range.start, range.end));
        markerCount += 1;
        at = range.end;
      }
      if (at < field.text.length) {
        segments.push({ kind: 'text', text: field.text.slice(at) });
      }
      return {
        id: field.id,
        ...(field.heading !== undefined ? { heading: field.heading } : {}),
        ...(field.label !== undefined ? { label: field.label } : {}),
        segments,
      };
    }),
  }));
  return {
    document: { title: document.title, registrationNumber: document.registrationNumber, sections },
    struckTexts,
    markerCount,
  };
}

function checkSpan(
  span: { start: number; end: number },
  text: string,
  index: number,
  problems: RedactionProblem[],
): { start: number; end: number } | null {
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    problems.push({ index, message: 'början och slut måste vara heltal.' });
    return null;
  }
  if (start < 0 || end > text.length || start >= end) {
    problems.push({
      index,
      message: `markeringen ${start}–${end} ligger utanför fältets text (0–${text.length}).`,
    });
    return null;
  }
  if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) {
    problems.push({ index, message: 'markeringen delar ett tecken mitt itu.' });
    return null;
  }
  return { start, end };
}

function splitsSurrogatePair(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return offset > 0 && offset < text.length && code >= 0xdc00 && code <= 0xdfff;
}

/** Sorted, merged ranges: overlapping, touching or separated only by spaces and punctuation. */
export function mergeRanges(text: string, ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && (range.start <= last.end || JOINABLE_GAP.test(text.slice(last.end, range.start)))) {
      last.end = Math.max(last.end, range.end);
      range.grounds.forEach((ground) => last.grounds.add(ground));
    } else {
      merged.push({ start: range.start, end: range.end, grounds: new Set(range.grounds) });
    }
  }
  return merged;
}

/** The label a marker shows: its grounds, nothing about what it hides. */
export function markerLabel(marker: Marker): string {
  return marker.grounds.join(', ');
}
