import type { Redaction } from './apply-redactions';

/** A field of a record as the guard read it: its text and the spans it suggested striking. */
export interface SuggestedField {
  readonly text: string;
  readonly suggestions: readonly { readonly start: number; readonly end: number }[];
}

/**
 * How many passages the reviewer struck that the guard did not suggest: per field, the struck
 * ranges (a whole field is its whole text) that overlap or touch are one passage, and a passage
 * counts when no suggestion in that field overlaps it. Pure; counts only, never text, so the
 * principal can see where the writing needs help without seeing what was written.
 */
export function countUnsuggestedPassages(
  redactions: readonly Redaction[],
  fields: ReadonlyMap<string, SuggestedField>,
): number {
  const byField = new Map<string, { start: number; end: number }[]>();
  for (const redaction of redactions) {
    const field = fields.get(redaction.fieldId);
    if (!field) continue;
    const range = redaction.span ?? { start: 0, end: field.text.length };
    byField.set(redaction.fieldId, [...(byField.get(redaction.fieldId) ?? []), range]);
  }
  let count = 0;
  for (const [fieldId, ranges] of byField) {
    const suggestions = fields.get(fieldId)?.suggestions ?? [];
    for (const passage of mergeRanges(ranges)) {
      const suggested = suggestions.some(
        (suggestion) => suggestion.start < passage.end && passage.start < suggestion.end,
      );
      if (!suggested) count += 1;
    }
  }
  return count;
}

function mergeRanges(
  ranges: readonly { start: number; end: number }[],
): { start: number; end: number }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) {
      last.end = Math.max(last.end, range.end);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}
