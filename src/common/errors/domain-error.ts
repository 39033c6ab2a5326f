/**
 * Every failure the service reports on purpose. The filter in
 * common/http/error.filter.ts maps each code to an HTTP status with an
 * exhaustive switch, so adding a code without deciding its status fails to
 * compile.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  NotFound = 'NOT_FOUND',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  InvalidState = 'INVALID_STATE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  /** Something that existed is gone for good (an expired download link). */
  Gone = 'GONE',
  /** A produced copy failed the leak check; it is not delivered. */
  CopyBlocked = 'COPY_BLOCKED',
  Internal = 'INTERNAL_ERROR',
}

export interface FieldProblem {
  /** Dotted path of the field, e.g. `contact.email`. */
  readonly field: string;
  /** What is wrong, in Swedish, for the person who filled in the field. */
  readonly problems: readonly string[];
}

/** A failure with a code and a Swedish message fit to show to the user. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationFailedError extends DomainError {
  constructor(fields: readonly FieldProblem[]) {
    super(
      ErrorCode.ValidationFailed,
      'Uppgifterna kunde inte tas emot. Rätta det som är markerat.',
      fields,
    );
  }
}

/** "Not found" also stands for "not yours": a refused access reveals nothing. */
export class NotFoundError extends DomainError {
  constructor(message = 'Sidan eller uppgiften finns inte.') {
    super(ErrorCode.NotFound, message);
  }
}
