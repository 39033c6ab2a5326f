import type { Redaction } from '../redaction/apply-redactions';

/**
 * How many passages a decision strikes, as a count the pupil and guardians may see: a
 * struck whole field is one passage; spans of a field that overlap or touch are one. (The
 * copy may join two spans that only punctuation separates into one box; that needs the
 * text, which this count never reads.)
 */
export function countStruckPassages(redactions: readonly Redaction[]): number {
  const byField = new Map<string, Redaction[]>();
  for (const redaction of redactions) {
    byField.set(redaction.fieldId, [...(byField.get(redaction.fieldId) ?? []), redaction]);
  }
  let count = 0;
  for (const fieldRedactions of byField.values()) {
    if (fieldRedactions.some((redaction) => !redaction.span)) {
      count += 1;
      continue;
    }
    const spans = fieldRedactions
      .map((redaction) => redaction.span as { start: number; end: number })
      .sort((a, b) => a.start - b.start || a.end - b.end);
    let end = -1;
    for (const span of spans) {
      if (span.start > end) {
        count += 1;
      }
      end = Math.max(end, span.end);
    }
  }
  return count;
}
