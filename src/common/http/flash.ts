import type { Request } from 'express';

import { DomainError, ErrorCode } from '../errors/domain-error';

export type Flash = { kind: 'ok' | 'error'; text: string };

/**
 * Runs a page form's action and leaves what happened in the session (saved
 * before the caller redirects) for the page it redirects to: `done`, or the Swedish reason it could not be done
 * (with each field's problem). Anything but a domain error, and "not
 * found", is thrown on (the error pages answer those).
 */
export async function withFlash(
  request: Request,
  done: string,
  action: () => Promise<unknown>,
): Promise<void> {
  try {
    await action();
    request.session.flash = { kind: 'ok', text: done };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
      throw error;
    }
    request.session.flash = errorFlash(error);
  }
  await saveSession(request);
}

/** Why an action could not be done, as the page tells it: the message, then each field's problem. */
export function errorFlash(error: DomainError): Flash {
  const detail = error.fields.flatMap((field) => field.problems).join(' ');
  return { kind: 'error', text: detail ? `${error.message} ${detail}` : error.message };
}

/**
 * Writes the session now. express-session saves at the end of a response,
 * but sends a redirect's headers first, so a browser can follow the redirect
 * and read the session before the save is done: save before redirecting
 * whenever the next page needs what was just put in the session.
 */
export function saveSession(request: Request): Promise<void> {
  return new Promise((resolve, reject) =>
    request.session.save((error?: unknown) =>
      error
        ? reject(error instanceof Error ? error : new Error('The session could not be saved'))
        : resolve(),
    ),
  );
}

/** The flash left by the last action, shown once. */
export function takeFlash(request: Request): Flash | null {
  const flash = request.session.flash ?? null;
  delete request.session.flash;
  return flash;
}
