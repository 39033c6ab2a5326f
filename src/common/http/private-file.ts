import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';

/**
 * A file with personal data (a photo, a plan as PDF): never kept by shared
 * caches, served with its real type (helmet adds nosniff).
 */
export function privateFile(
  body: Uint8Array,
  options: { readonly type: string; readonly disposition: string },
  response: Response,
): StreamableFile {
  response.setHeader('Cache-Control', 'private, no-store');
  return new StreamableFile(Buffer.from(body), { ...options, length: body.length });
}
