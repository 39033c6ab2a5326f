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
  /** An `Idempotency-Key` used before with another body (or on another resource). */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this `Idempotency-Key` is still being served. */
  RequestInProgress = 'REQUEST_IN_PROGRESS',
  /**
   * The same text is struck in one record of a request and released in
   * another: completing needs the reviewer's reason for it.
   */
  DecisionsInconsistent = 'DECISIONS_INCONSISTENT',
  /**
   * Four eyes (REQUEST_FOUR_EYES): refusals and redactions a second reviewer
   * has not yet approved; the request cannot be completed until they are.
   */
  ApprovalRequired = 'APPROVAL_REQUIRED',
  Internal = 'INTERNAL_ERROR',
}

export interface FieldProblem {
  /** Dotted path of the field, e.g. `contact.email`: for machines, never shown to a person. */
  readonly field: string;
  /** The field's name as the person sees it on the page ("Mål 2 – Det här gör eleven"), where it differs. */
  readonly label?: string;
  /** What is wrong, in Swedish, for the person who filled in the field. */
  readonly problems: readonly string[];
  /** The passages of the field's text that are wrong, when a check of free text found them. */
  readonly passages?: readonly FieldPassage[];
}

/** A passage of a free text that a check found, quoted with a little of the text around it. */
export interface FieldPassage {
  /** UTF-16 offsets into the field's text. */
  readonly start: number;
  readonly end: number;
  readonly match: string;
  readonly before: string;
  readonly after: string;
  /** The check's name for what it found (`health`, `classmate_name`, …). */
  readonly category: string;
  readonly severity: 'block' | 'warn';
  /** Why, and what to write instead, in plain Swedish. */
  readonly message: string;
}

/** A failure with a code and a Swedish message fit to show to the user. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
    /** When trying again may succeed: sent as `Retry-After` (whole seconds). */
    readonly retryAfterSeconds?: number,
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

/** Too many attempts (429), with the milliseconds until an attempt may succeed again. */
export class RateLimitedError extends DomainError {
  constructor(message: string, retryAfterMs: number) {
    super(ErrorCode.RateLimited, message, [], Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }
}

/** "Not found" also stands for "not yours": a refused access reveals nothing. */
export class NotFoundError extends DomainError {
  constructor(message = 'Sidan eller uppgiften finns inte.') {
    super(ErrorCode.NotFound, message);
  }
}

/** What the access policy refused, by ids only: for the security log, never for the caller. */
export interface AccessRefusal {
  /** The policy's action: 'plan.read', 'pupil.profile.read', 'records.review', … */
  readonly action: string;
  /** What was asked for ('plan', 'pupil', 'group', 'route', …) and its id. */
  readonly targetType: string;
  readonly targetId: string;
  /** The pupil whose data it was, when known. */
  readonly pupilId?: string | null;
}

/**
 * The access policy said no to a signed-in user. Answered exactly as "not
 * found" (the same status, code and message as something that does not
 * exist); where it passes on its way out, it is recorded as a security event
 * (auth/security-events.ts).
 */
export class AccessRefusedError extends NotFoundError {
  constructor(
    message: string | undefined,
    readonly refusal: AccessRefusal,
  ) {
    super(message);
  }
}
