import { DomainError, ErrorCode } from '../errors/domain-error';
import { parseIdempotencyKey } from './idempotency-key';

function refusal(value: string | string[]): DomainError {
  try {
    parseIdempotencyKey(value);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error(`${JSON.stringify(value)} was taken`);
}

describe('the Idempotency-Key header', () => {
  it('is optional', () => {
    expect(parseIdempotencyKey(undefined)).toBeNull();
  });

  it('takes 1–255 printable ASCII characters, bare or as a quoted string', () => {
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe(
      '8e03978e-40d5-43e8-bc93-6894a57f9324',
    );
    expect(parseIdempotencyKey('"8e03978e-40d5"')).toBe('8e03978e-40d5');
    expect(parseIdempotencyKey('"a \\"b\\" \\\\ c"')).toBe('a "b" \\ c');
    expect(parseIdempotencyKey('x')).toBe('x');
    expect(parseIdempotencyKey('k'.repeat(255))).toBe('k'.repeat(255));
    expect(parseIdempotencyKey('a key with ~!@#$%^&*() in it')).toBe(
      'a key with ~!@#$%^&*() in it',
    );
  });

  it.each([
    ['empty', ''],
    ['an empty quoted string', '""'],
    ['too long', 'k'.repeat(256)],
    ['a non-ASCII letter', 'nyckel-å'],
    ['a control character', 'a\tb'],
    ['a NUL', 'a\u0000b'],
  ])('refuses a key that is %s with 400 and a Swedish message', (_, value) => {
    const error = refusal(value);
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.message).toContain('Idempotency-Key');
    expect(error.fields[0]?.field).toBe('Idempotency-Key');
  });
});
