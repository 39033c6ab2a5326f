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
  strike: (fieldId: string) => `strike__${fieldId}`,
} as const;

/**
 * One struck passage as the form sends it: where it stands, its own ground
 * and its exact text (`start-end|ground|text`). The offsets say which
 * occurrence is meant, the text is checked against them, so a stale or
 * mistyped selection is refused like a mistyped paste.
 */
export function strikeValue(start: number, end: number, ground: string, text: string): string {
  return `${start}-${end}|${ground}|${text}`;
}

/** A `strike__` value's parts, or null when it is not one; the ground must be configured. */
export function readStrike(
  value: string,
  grounds: readonly string[],
): { start: number; end: number; ground: string; text: string } | null {
  const match = /^(\d{1,6})-(\d{1,6})\|/.exec(value);
  const rest = match ? value.slice(match[0].length) : '';
  const ground = grounds.find((each) => rest.startsWith(`${each}|`));
  if (!match || !ground) {
    return null;
  }
  return {
    start: Number(match[1]),
    end: Number(match[2]),
    ground,
    text: rest.slice(ground.length + 1),
  };
}

function parseStrike(
  value: string,
  fieldText: string,
  grounds: readonly string[],
): { start: number; end: number; ground: string } | string {
  const strike = readStrike(value, grounds);
  if (!strike) {
    return 'Maskeringen kunde inte läsas. Markera texten igen.';
  }
  const { start, end, text } = strike;
  if (start >= end || end > fieldText.length || fieldText.slice(start, end) !== text) {
    return `Texten ”${text.slice(0, 60)}” står inte på det stället i fältet. Markera den igen.`;
  }
  return strike;
}

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
 * its legal ground. Where JavaScript runs, the page strikes what the
 * reviewer selects: each passage with its place, its exact text and its own
 * ground (`strike__`), through the same form and the same rules.
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
    const strikes = values(form, controlName.strike(field.id));
    for (const strike of whole ? [] : strikes) {
      const parsed = parseStrike(strike, field.text, grounds);
      if (typeof parsed === 'string') {
        problems.push({ field: controlName.strike(field.id), problems: [parsed] });
        continue;
      }
      redactions.push({
        fieldId: field.id,
        ground: parsed.ground,
        span: { start: parsed.start, end: parsed.end },
      });
    }
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
