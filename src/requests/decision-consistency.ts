import { DomainError, ErrorCode, ValidationFailedError } from '../common/errors/domain-error';
import type { Redaction } from '../redaction/apply-redactions';
import type { RecordDocument } from '../redaction/record-document';
import type { Decision } from './request-lifecycle';

/** One decided record of a request, as the consistency check reads it. */
export interface RecordDecisionForCheck {
  readonly registrationNumber: string;
  readonly decision: Decision | null;
  readonly redactions: readonly Redaction[];
  readonly document: RecordDocument;
}

/**
 * The same text struck in one record and released in another of the same
 * request: `passage` is the struck text (trimmed), `struck` and `released`
 * name the records and where in them (section, heading and label).
 */
export interface DecisionConflict {
  readonly passage: string;
  readonly struck: { readonly registrationNumber: string; readonly place: string };
  readonly released: { readonly registrationNumber: string; readonly place: string };
}

interface Span {
  readonly start: number;
  readonly end: number;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Where a request's decisions disagree with themselves: a passage struck in
 * one record (the text of a span, or a whole field's text, trimmed; at least
 * one letter or digit) whose exact text stands, as whole words (not inside a
 * longer word) and wholly outside every redaction, in a field of another
 * record of the request decided for release (in full or with redactions).
 * Refused records release nothing and undecided ones nothing yet, so neither
 * conflicts. One conflict per passage and pair of records, in the order the
 * records and their fields are read.
 */
export function findDecisionConflicts(
  records: readonly RecordDecisionForCheck[],
): DecisionConflict[] {
  const released = records.filter(
    (record) => record.decision === 'release' || record.decision === 'release_with_redactions',
  );
  const conflicts: DecisionConflict[] = [];
  const seen = new Set<string>();
  for (const struck of records) {
    if (struck.decision !== 'release_with_redactions') {
      continue;
    }
    for (const { passage, place } of struckPassages(struck)) {
      for (const other of released) {
        if (other === struck || other.registrationNumber === struck.registrationNumber) {
          continue;
        }
        const releasedPlace = findReleased(other, passage);
        const key = `${passage}\u0000${struck.registrationNumber}\u0000${other.registrationNumber}`;
        if (releasedPlace !== null && !seen.has(key)) {
          seen.add(key);
          conflicts.push({
            passage,
            struck: { registrationNumber: struck.registrationNumber, place },
            released: { registrationNumber: other.registrationNumber, place: releasedPlace },
          });
        }
      }
    }
  }
  return conflicts;
}

/** The reviewer's message: each conflict with its passage and records (never shown to the requester). */
export function describeConflicts(conflicts: readonly DecisionConflict[]): string {
  const lines = conflicts.map(
    (conflict) =>
      `”${conflict.passage}” är maskerad i ${conflict.struck.registrationNumber} (${conflict.struck.place}) men lämnas ut i ${conflict.released.registrationNumber} (${conflict.released.place}).`,
  );
  return `Samma text lämnas ut i en handling och maskeras i en annan i den här begäran. ${lines.join(' ')} Ändra besluten, eller bekräfta dem med ett skäl.`;
}

/**
 * Completing (or previewing the completion) with conflicts and no reason: the error that lists
 * them, to the reviewer only (it quotes the struck text), and asks for the reason.
 */
export function inconsistentDecisionsError(conflicts: readonly DecisionConflict[]): DomainError {
  return new DomainError(ErrorCode.DecisionsInconsistent, describeConflicts(conflicts), [
    {
      field: 'consistencyReason',
      label: 'Skäl till att besluten skiljer sig åt',
      problems: ['Skriv varför samma text maskeras i en handling och lämnas ut i en annan.'],
    },
  ]);
}

/** Each struck passage of a record with where it stands, trimmed and without duplicates. */
function struckPassages(record: RecordDecisionForCheck): { passage: string; place: string }[] {
  const fields = fieldsWithPlaces(record.document);
  const passages: { passage: string; place: string }[] = [];
  const seen = new Set<string>();
  for (const redaction of record.redactions) {
    const field = fields.get(redaction.fieldId);
    if (!field) {
      continue;
    }
    const text = redaction.span
      ? field.text.slice(redaction.span.start, redaction.span.end)
      : field.text;
    const passage = text.trim();
    if (!WORD_CHARACTER.test(passage) || seen.has(passage)) {
      continue;
    }
    seen.add(passage);
    passages.push({ passage, place: field.place });
  }
  return passages;
}

/** The place of the first field where the passage stands released as whole words, or null. */
function findReleased(record: RecordDecisionForCheck, passage: string): string | null {
  const struckByField = new Map<string, Span[]>();
  for (const redaction of record.decision === 'release_with_redactions' ? record.redactions : []) {
    const spans = struckByField.get(redaction.fieldId) ?? [];
    spans.push(redaction.span ?? { start: 0, end: Number.MAX_SAFE_INTEGER });
    struckByField.set(redaction.fieldId, spans);
  }
  for (const [id, field] of fieldsWithPlaces(record.document)) {
    const struck = struckByField.get(id) ?? [];
    for (
      let at = field.text.indexOf(passage);
      at !== -1;
      at = field.text.indexOf(passage, at + 1)
    ) {
      const end = at + passage.length;
      const wholeWords =
        !isWordCharacterAt(field.text, at - 1, passage, 'start') &&
        !isWordCharacterAt(field.text, end, passage, 'end');
      const overlapsStrike = struck.some((span) => span.start < end && at < span.end);
      if (wholeWords && !overlapsStrike) {
        return field.place;
      }
    }
  }
  return null;
}

/**
 * Whether the passage runs on into a word at this edge: only where the
 * passage itself begins (or ends) with a letter or digit does a neighbouring
 * one make it part of a longer word.
 */
function isWordCharacterAt(
  text: string,
  index: number,
  passage: string,
  edge: 'start' | 'end',
): boolean {
  const own = edge === 'start' ? passage.charAt(0) : passage.charAt(passage.length - 1);
  return (
    index >= 0 &&
    index < text.length &&
    WORD_CHARACTER.test(own) &&
    WORD_CHARACTER.test(text.charAt(index))
  );
}

/** Every field by id with its text and where a reader finds it ("Mål och insatser – Mål 2"). */
function fieldsWithPlaces(document: RecordDocument): Map<string, { text: string; place: string }> {
  return new Map(
    document.sections.flatMap((section) =>
      section.fields.map((field): [string, { text: string; place: string }] => [
        field.id,
        {
          text: field.text,
          place:
            [section.heading, field.heading, field.label]
              .filter((part): part is string => Boolean(part))
              .join(' – ') || field.id,
        },
      ]),
    ),
  );
}

/** The reviewer's reason for decisions that disagree, trimmed; null when none was given. */
export function consistencyReasonInput(reason: string | null | undefined): string | null {
  const trimmed = reason?.trim() || null;
  if (trimmed !== null && trimmed.length > 4000) {
    throw new ValidationFailedError([
      { field: 'consistencyReason', problems: ['Skälet får vara högst 4 000 tecken.'] },
    ]);
  }
  return trimmed;
}
