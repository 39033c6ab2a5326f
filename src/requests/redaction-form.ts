import type { FieldProblem } from '../common/errors/domain-error';
import type { Redaction } from '../redaction/apply-redactions';

/** The fields of a record as the review page shows them. */
export interface FormField {
  readonly id: string;
  readonly text: string;
}

type Form = Readonly<Record<string, unknown>>;

/** The form names of one field's controls (field ids hold dots, so they are suffixes, not nesting). */
export const controlName = {
  whole: (fieldId: string) => `whole__${fieldId}`,
  ground: (fieldId: string) => `ground__${fieldId}`,
  suggestion: (fieldId: string) => `suggestion__${fieldId}`,
  passage: (fieldId: string) => `passage__${fieldId}`,
} as const;

function values(form: Form, name: string): string[] {
  const value = form[name];
  if (typeof value === 'string') {
    return [value];
  }
  return Array.isArray(value)
    ? value.filter((each): each is string => typeof each === 'string')
    : [];
}

/**
 * The reviewer's redactions from the review page, which works without
 * JavaScript: per field, "strike the whole field", the free-text guard's
 * suggestions as checkboxes (`start-end`), and passages typed or pasted
 * (one per line; every occurrence in the field is struck), each field with
 * its legal ground.
 */
export function redactionsFromForm(
  fields: readonly FormField[],
  form: Form,
  grounds: readonly string[],
): { redactions: Redaction[]; problems: FieldProblem[] } {
  const redactions: Redaction[] = [];
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const chosenGround = values(form, controlName.ground(field.id))[0];
    const whole = values(form, controlName.whole(field.id)).includes('1');
    const suggestions = values(form, controlName.suggestion(field.id));
    const passages = values(form, controlName.passage(field.id))
      .flatMap((value) => value.split(/\r?\n/))
      .map((passage) => passage.trim())
      .filter(Boolean);
    if (!whole && suggestions.length === 0 && passages.length === 0) {
      continue;
    }
    const ground = grounds.find((each) => each === chosenGround);
    if (!ground) {
      problems.push({
        field: controlName.ground(field.id),
        problems: ['Välj en sekretessgrund för maskeringen.'],
      });
      continue;
    }
    if (whole) {
      redactions.push({ fieldId: field.id, ground });
      continue;
    }
    for (const suggestion of suggestions) {
      const match = /^(\d{1,6})-(\d{1,6})$/.exec(suggestion);
      const start = Number(match?.[1]);
      const end = Number(match?.[2]);
      if (!match || start >= end || end > field.text.length) {
        problems.push({
          field: controlName.suggestion(field.id),
          problems: ['Förslaget gäller inte den här texten.'],
        });
        continue;
      }
      redactions.push({ fieldId: field.id, ground, span: { start, end } });
    }
    for (const passage of passages) {
      let found = false;
      for (
        let at = field.text.indexOf(passage);
        at >= 0;
        at = field.text.indexOf(passage, at + passage.length)
      ) {
        redactions.push({
          fieldId: field.id,
          ground,
          span: { start: at, end: at + passage.length },
        });
        found = true;
      }
      if (!found) {
        problems.push({
          field: controlName.passage(field.id),
          problems: [
            `Texten ”${passage.slice(0, 60)}” finns inte i fältet. Kopiera den exakt som den står.`,
          ],
        });
      }
    }
  }
  return { redactions, problems };
}
