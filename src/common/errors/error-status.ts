import { HttpStatus } from '@nestjs/common';

import { ErrorCode } from './domain-error';

export function statusOf(code: ErrorCode): HttpStatus {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.Conflict:
      return HttpStatus.CONFLICT;
    case ErrorCode.InvalidState:
      return HttpStatus.CONFLICT;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.RateLimited:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.ServiceUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.Gone:
      return HttpStatus.GONE;
    case ErrorCode.CopyBlocked:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.IdempotencyKeyReused:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.RequestInProgress:
      return HttpStatus.CONFLICT;
    case ErrorCode.DecisionsInconsistent:
      return HttpStatus.CONFLICT;
    case ErrorCode.ApprovalRequired:
      return HttpStatus.CONFLICT;
    case ErrorCode.Internal:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

/** For errors thrown by Nest or Express themselves (unknown route, malformed JSON, …). */
export function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return ErrorCode.ValidationFailed;
    case 401:
      return ErrorCode.Unauthenticated;
    case 403:
      return ErrorCode.Forbidden;
    case 404:
    case 405:
      return ErrorCode.NotFound;
    case 409:
      return ErrorCode.Conflict;
    case 410:
      return ErrorCode.Gone;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 429:
      return ErrorCode.RateLimited;
    case 503:
      return ErrorCode.ServiceUnavailable;
    default:
      return status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed;
  }
}

/** The Swedish message for a code when the error itself carries none fit to show. */
export function defaultMessageOf(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return 'Förfrågan kunde inte tolkas. Kontrollera uppgifterna och försök igen.';
    case ErrorCode.NotFound:
      return 'Sidan eller uppgiften finns inte.';
    case ErrorCode.Unauthenticated:
      return 'Du behöver logga in.';
    case ErrorCode.Forbidden:
      return 'Du har inte behörighet till detta.';
    case ErrorCode.Conflict:
      return 'Uppgiften har ändrats av någon annan. Ladda om och försök igen.';
    case ErrorCode.InvalidState:
      return 'Det går inte att göra så i det här läget.';
    case ErrorCode.PayloadTooLarge:
      return 'Det som skickades är för stort.';
    case ErrorCode.RateLimited:
      return 'För många försök. Vänta en stund och försök igen.';
    case ErrorCode.ServiceUnavailable:
      return 'Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.';
    case ErrorCode.Gone:
      return 'Det du söker finns inte längre.';
    case ErrorCode.CopyBlocked:
      return 'Kopian stoppades av kontrollen före utlämnande och lämnas inte ut.';
    case ErrorCode.IdempotencyKeyReused:
      return 'Nyckeln i Idempotency-Key har redan använts för en annan begäran. Använd en ny nyckel för en ny begäran.';
    case ErrorCode.RequestInProgress:
      return 'En begäran med samma Idempotency-Key behandlas redan. Försök igen om en stund.';
    case ErrorCode.DecisionsInconsistent:
      return 'Samma text lämnas ut i en handling och maskeras i en annan. Ändra besluten, eller bekräfta dem med ett skäl.';
    case ErrorCode.ApprovalRequired:
      return 'Avslag och maskeringar behöver godkännas av en andra handläggare innan begäran kan färdigbeslutas.';
    case ErrorCode.Internal:
      return 'Något gick fel hos oss. Försök igen om en stund.';
  }
}
