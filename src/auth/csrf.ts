import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

import { DomainError, ErrorCode } from '../common/errors/domain-error';

/**
 * The synchronizer token of page forms (csrf-sync, kept in the session):
 * read from the form's `_csrf` field or the `X-CSRF-Token` header — never
 * from the URL, where a token stays in history, logs and Referer headers.
 */
export const csrf = csrfSync({
  getTokenFromRequest: (request: Request) => {
    const body = request.body as { _csrf?: unknown } | undefined;
    const fromBody = typeof body?._csrf === 'string' ? body._csrf : undefined;
    return fromBody ?? request.get('x-csrf-token');
  },
});

export function formExpired(): DomainError {
  return new DomainError(
    ErrorCode.Forbidden,
    'Formuläret har gått ut eller kom från en annan webbplats. Ladda om sidan och försök igen.',
  );
}

/**
 * The CSRF check of a file-sending page form, left by the session
 * middleware until the route's upload handling has read its multipart body
 * (`PageUpload`), where the token is.
 */
export function checkCsrfAfterUpload(request: Request): void {
  if (request.csrfAfterUpload === true && !csrf.isRequestValid(request)) {
    throw formExpired();
  }
}
