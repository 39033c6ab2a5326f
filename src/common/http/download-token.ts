import { createHash, randomBytes } from 'node:crypto';

/**
 * The bearer tokens of download links (released copies, register extracts): 256 random bits
 * in base64url, of which only the SHA-256 is stored, so the table alone opens nothing.
 */
export function newDownloadToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashDownloadToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as `newDownloadToken` makes them: anything else is never looked up. */
export function isWellFormedDownloadToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
