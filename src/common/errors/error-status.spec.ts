import { ErrorCode } from './domain-error';
import { codeOfStatus, defaultMessageOf, statusOf } from './error-status';

describe('error codes', () => {
  it.each(Object.values(ErrorCode))(
    '%s has an HTTP status and a Swedish default message',
    (code) => {
      expect(statusOf(code)).toBeGreaterThanOrEqual(400);
      expect(defaultMessageOf(code)).toMatch(/[a-zåäö]/);
    },
  );

  it('maps a status back to the code that gives it', () => {
    for (const code of Object.values(ErrorCode)) {
      if (
        code === ErrorCode.InvalidState ||
        code === ErrorCode.CopyBlocked ||
        code === ErrorCode.IdempotencyKeyReused ||
        code === ErrorCode.RequestInProgress ||
        code === ErrorCode.DecisionsInconsistent ||
        code === ErrorCode.ApprovalRequired
      ) {
        continue; // share 409 with Conflict and 422 with validation
      }
      expect(codeOfStatus(statusOf(code))).toBe(code);
    }
  });

  it('treats unknown 5xx as internal and unknown 4xx as bad input', () => {
    expect(codeOfStatus(502)).toBe(ErrorCode.Internal);
    expect(codeOfStatus(418)).toBe(ErrorCode.ValidationFailed);
  });
});
