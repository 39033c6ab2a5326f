import type { Form } from './form';

/** The field a confirmation page's own form adds: without it, an irreversible action only asks. */
export const CONFIRMATION_FIELD = 'bekraftat';

/** Whether the form was sent from the confirmation page (the action is to be done now). */
export function isConfirmed(form: Form): boolean {
  return form[CONFIRMATION_FIELD] === 'ja';
}

/** Fields the confirmation page sets itself, never carried over from the first form. */
const OWN_FIELDS = new Set(['_csrf', CONFIRMATION_FIELD]);

/**
 * Every field the first form sent (or the query gave), as hidden fields for the confirmation
 * page's form: what the action needs (a revision, a marking, a reason another step asked for)
 * reaches the final POST unchanged, whoever added it to the first form.
 */
export function carriedFields(form: Form): { name: string; value: string }[] {
  return Object.entries(form).flatMap(([name, value]) => {
    if (OWN_FIELDS.has(name)) {
      return [];
    }
    const values = Array.isArray(value) ? value : [value];
    return values.flatMap((each) => (typeof each === 'string' ? [{ name, value: each }] : []));
  });
}
