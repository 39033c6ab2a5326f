import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** A page form's body as express's urlencoded parser gives it. */
export type Form = Record<string, unknown>;

/** One field of a page form as text; anything else (absent, repeated) is empty. */
export function formText(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/**
 * A page form's body for a handler that checks every field it keeps itself,
 * NUL included, and shows the form again with what was typed when one is
 * wrong. The global pipe's refusal of NUL (the generic error page, the
 * typing lost) does not run on it: a custom parameter is not piped. Not for
 * a form whose fields reach the database unchecked.
 */
export const SelfCheckedForm = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Form => {
    const body: unknown = context.switchToHttp().getRequest<Request>().body;
    // A body no parser read (a content type the route does not take) is an empty form.
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Form) : {};
  },
);

/** A typed value shown again in its form: a NUL as the � a browser shows for it, so its place is seen. */
export function shownAgain(value: string): string {
  // eslint-disable-next-line no-control-regex -- replacing NUL is the point
  return value.replace(/\u0000/gu, '\ufffd');
}

/** Every text field of a form as `shownAgain` shows it. */
export function formShownAgain<T extends Form>(form: T): T {
  return Object.fromEntries(
    Object.entries(form).map(([name, value]) => [
      name,
      typeof value === 'string' ? shownAgain(value) : value,
    ]),
  ) as T;
}
