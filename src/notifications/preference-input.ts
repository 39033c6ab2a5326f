import { refusedCharacterProblem } from '../common/text-characters';
import { NOTIFICATION_KINDS, type NotificationKind } from './notifications.entities';
import type { Form } from '../common/http/form';

/** What the preference form sends, checked: the kinds ticked and the address (null: none). */
export interface PreferenceInput {
  readonly kinds: readonly NotificationKind[];
  readonly email: string | null;
}

export type PreferenceProblems = Partial<Record<'email' | 'kinds', string>>;

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

/** The form's field of each kind: `kind_plan-ready` etc., ticked with the value "ja". */
export const kindField = (kind: NotificationKind): string => `kind_${kind}`;

/**
 * The form as typed, checked (pure): each kind ticked or not, an address that looks like one
 * (at most 254 characters), and an address whenever anything is ticked.
 */
export function parsePreferenceForm(
  form: Form,
): { ok: true; value: PreferenceInput } | { ok: false; problems: PreferenceProblems } {
  const kinds = NOTIFICATION_KINDS.filter((kind) => form[kindField(kind)] === 'ja');
  const raw = typeof form.email === 'string' ? form.email.trim() : '';
  const problems: PreferenceProblems = {};
  const hidden = refusedCharacterProblem(raw);
  if (hidden) {
    problems.email = hidden;
  } else if (raw !== '' && (raw.length > 254 || !EMAIL.test(raw))) {
    problems.email = 'måste vara en giltig e-postadress, till exempel namn@exempel.se';
  } else if (raw === '' && kinds.length > 0) {
    problems.email = 'behövs för att vi ska kunna skicka e-post till dig';
  }
  if (Object.keys(problems).length > 0) {
    return { ok: false, problems };
  }
  return { ok: true, value: { kinds, email: raw === '' ? null : raw.toLowerCase() } };
}
