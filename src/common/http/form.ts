/** A page form's body as express's urlencoded parser gives it. */
export type Form = Record<string, unknown>;

/** One field of a page form as text; anything else (absent, repeated) is empty. */
export function formText(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}
