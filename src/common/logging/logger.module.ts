import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';

import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { logFormat } from './log-format';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Keeps a well-formed request id from a proxy in front, else makes one, and
 * echoes it back. Runs as the very first middleware, so even a body that fails
 * to parse gets an id to quote.
 */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  // pino-http declares `id` on IncomingMessage.
  if (typeof request.id === 'string') {
    return request.id;
  }
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  request.id = id;
  return id;
}

/** The path only: query strings may carry tokens or personal data and are never logged. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

/** Structured JSON logs (pino) with the request id on every line written during a request. */
@Module({
  imports: [
    PinoLoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          ...logFormat({ level: config.log.level, role: config.role }),
          genReqId: assignRequestId,
          autoLogging: {
            ignore: (request: IncomingMessage) => pathOf(request.url).startsWith('/health/'),
          },
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({
              id: request.id,
              method: request.method,
              path: pathOf(request.url),
            }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
          redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
        },
      }),
    }),
  ],
})
export class LoggerModule {}
