import type { Redaction } from '../redaction/apply-redactions';
import type { RecordDocument } from '../redaction/record-document';
import type { Decision } from './request-lifecycle';

/** A decided record another decision may be carried over from. */
export interface DecisionSource {
  readonly itemId: string;
  /** The request it was decided in, and whether that is the request under review. */
  readonly requestRegistrationNumber: string;
  readonly sameRequest: boolean;
  readonly registrationNumber: string;
  readonly decision: Decision;
  readonly redactions: readonly Redaction[];
  readonly reasons: string | null;
  readonly document: RecordDocument;
}

/** What one source decided on one field of the record under review, and whether it can be carried. */
export interface FieldSourceDecision {
  readonly itemId: string;
  readonly requestRegistrationNumber: string;
  readonly sameRequest: boolean;
  readonly registrationNumber: string;
  /** `released`: the field went out as written; `struck`: one or more passages (or the whole field) struck; `refused`: the whole record was refused. */
  readonly outcome: 'released' | 'struck' | 'refused';
  /** The struck passages' grounds, sorted. */
  readonly grounds: readonly string[];
  readonly struckCount: number;
  /** The field's text is the same in both records (the plan diff finds no change in it). */
  readonly unchanged: boolean;
  /** Carrying it over would change the record under review's redactions of this field. */
  readonly differs: boolean;
}

export interface FieldCarryOver {
  readonly fieldId: string;
  readonly place: string;
  readonly sources: readonly FieldSourceDecision[];
}

/**
 * Field by field, what the other decided records say about the fields of
 * the record under review: released, struck (how many passages, on which
 * grounds) or refused, whether the field's text is unchanged there (same
 * field, same text), and whether carrying it over would change anything.
 * Only fields some source has text for are listed.
 */
export function compareDecisions(
  target: { readonly document: RecordDocument; readonly redactions: readonly Redaction[] },
  sources: readonly DecisionSource[],
): FieldCarryOver[] {
  const result: FieldCarryOver[] = [];
  for (const section of target.document.sections) {
    for (const field of section.fields) {
      const place =
        [section.heading, field.heading, field.label]
          .filter((part): part is string => Boolean(part))
          .join(' – ') || field.id;
      const own = redactionKey(target.redactions.filter((each) => each.fieldId === field.id));
      const decisions: FieldSourceDecision[] = [];
      for (const source of sources) {
        const theirs = fieldText(source.document, field.id);
        if (theirs === null) {
          continue;
        }
        const struck = source.redactions.filter((each) => each.fieldId === field.id);
        const unchanged = theirs === field.text;
        decisions.push({
          itemId: source.itemId,
          requestRegistrationNumber: source.requestRegistrationNumber,
          sameRequest: source.sameRequest,
          registrationNumber: source.registrationNumber,
          outcome:
            source.decision === 'refuse' ? 'refused' : struck.length > 0 ? 'struck' : 'released',
          grounds: [...new Set(struck.map((each) => each.ground))].sort(),
          struckCount: struck.length,
          unchanged,
          differs: source.decision !== 'refuse' && redactionKey(struck) !== own,
        });
      }
      if (decisions.length > 0) {
        result.push({ fieldId: field.id, place, sources: decisions });
      }
    }
  }
  return result;
}

/**
 * The redactions of the record under review after carrying over the source's
 * decision on these fields: each field's own redactions replaced by the
 * source's. Carried only where the field's text is unchanged, and a struck
 * passage only where its text is still there at the same place (a field
 * whose text changed, or already decided alike, is left as it was and named
 * in `skipped`).
 */
export function carryOver(
  target: { readonly document: RecordDocument; readonly redactions: readonly Redaction[] },
  source: { readonly document: RecordDocument; readonly redactions: readonly Redaction[] },
  fieldIds: readonly string[],
): { redactions: Redaction[]; carried: string[]; skipped: string[] } {
  const carried: string[] = [];
  const skipped: string[] = [];
  let redactions = [...target.redactions];
  for (const fieldId of fieldIds) {
    const ours = fieldText(target.document, fieldId);
    const theirs = fieldText(source.document, fieldId);
    if (ours === null || theirs === null || ours !== theirs) {
      skipped.push(fieldId);
      continue;
    }
    const struck = source.redactions.filter(
      (each) =>
        each.fieldId === fieldId &&
        (!each.span ||
          ours.slice(each.span.start, each.span.end) ===
            theirs.slice(each.span.start, each.span.end)),
    );
    const own = redactions.filter((each) => each.fieldId === fieldId);
    if (redactionKey(own) === redactionKey(struck)) {
      // Already decided alike: nothing to carry (and no decision made of it).
      skipped.push(fieldId);
      continue;
    }
    redactions = [...redactions.filter((each) => each.fieldId !== fieldId), ...struck];
    carried.push(fieldId);
  }
  return { redactions, carried, skipped };
}

function fieldText(document: RecordDocument, fieldId: string): string | null {
  for (const section of document.sections) {
    for (const field of section.fields) {
      if (field.id === fieldId) {
        return field.text;
      }
    }
  }
  return null;
}

/** A field's redactions as a comparable key: order does not matter. */
function redactionKey(redactions: readonly Redaction[]): string {
  return redactions
    .map((each) => `${each.ground}|${each.span ? `${each.span.start}-${each.span.end}` : 'all'}`)
    .sort()
    .join(';');
}
