import type { Test } from 'supertest';

/** The response body as raw bytes (a PDF, say), whatever its content type. */
export function binaryBody<T extends Test>(test: T): T {
  return test.buffer(true).parse((response, callback) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => callback(null, Buffer.concat(chunks)));
  });
}
