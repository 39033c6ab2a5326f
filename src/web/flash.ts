import type { Request } from 'express';

import { DomainError, ErrorCode } from '../common/errors/domain-error';

export type Flash = { kind: 'ok' | 'error'; text: string };

/**
 * Runs a page form's action and leaves what happened in the session for the
 * page it redirects to: `done`, or the Swedish reason it could not be done
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
    const detail = error.fields.flatMap((field) => field.problems).join(' ');
    request.session.flash = {
      kind: 'error',
      text: detail ? `${error.message} ${detail}` : error.message,
    };
  }
}

/** The flash left by the last action, shown once. */
export function takeFlash(request: Request): Flash | null {
  const flash = request.session.flash ?? null;
  delete request.session.flash;
  return flash;
}
