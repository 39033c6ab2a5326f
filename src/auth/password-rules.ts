import { DomainError, ErrorCode } from '../common/errors/domain-error';

/**
 * The rules every password set in the service meets: set by an administrator
 * on the web (the accounts page and API) and by `npm run admin:create`.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** What is wrong with a password, in Swedish as the web says it. */
export interface PasswordProblem {
  /** The sentence the page shows. */
  readonly message: string;
  /** The same on the `password` field. */
  readonly fieldProblem: string;
}

/** Null when the password may be used. */
export function passwordProblem(password: string): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return {
      message: `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`,
      fieldProblem: `måste ha minst ${MIN_PASSWORD_LENGTH} tecken`,
    };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { message: 'Lösenordet är för långt.', fieldProblem: 'är för långt' };
  }
  return null;
}

/** Throws ValidationFailed, with the problem on the `password` field, unless the password may be used. */
export function assertPasswordAllowed(password: string): void {
  const problem = passwordProblem(password);
  if (problem !== null) {
    throw new DomainError(ErrorCode.ValidationFailed, problem.message, [
      { field: 'password', problems: [problem.fieldProblem] },
    ]);
  }
}
