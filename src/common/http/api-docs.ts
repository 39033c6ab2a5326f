import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  type ApiHeaderOptions,
  ApiResponse,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { ErrorResponse } from './error-response.dto';

/*
 * How the OpenAPI description documents errors: each operation names the
 * statuses its handler and services answer with (`ApiErrors`), the route
 * guards add 401/404 where they apply (auth/access.guard.ts), and
 * `documentMiddlewareErrors` adds what middleware in front of every route
 * answers. Every error response is the one `ErrorResponse` schema.
 */

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503;

/** What each status means in this API, and the codes it carries. */
export const ERROR_DESCRIPTIONS: Readonly<Record<ErrorStatus, string>> = {
  400: 'VALIDATION_FAILED: a field, parameter or header is wrong; `fields` names each problem.',
  401: 'UNAUTHENTICATED: no valid session. Sign in with POST /api/v1/auth/login and send its cookie.',
  403: 'FORBIDDEN: a write sent from a page of another site (Sec-Fetch-Site cross-site or same-site).',
  404: 'NOT_FOUND: it does not exist, or it is not the caller’s to see or do (answered alike).',
  409: 'CONFLICT or INVALID_STATE: changed by someone else meanwhile, or not possible in the current state.',
  410: 'GONE: it existed and is gone for good.',
  413: 'PAYLOAD_TOO_LARGE: the body is larger than the route takes.',
  422: 'Understood but refused; `code` says why.',
  429: 'RATE_LIMITED: too many attempts; wait the seconds in `Retry-After`.',
  503: 'SERVICE_UNAVAILABLE: the database or the queue backend is away for a moment; try again.',
};

/** `Retry-After` as this API sends it: whole seconds. */
export const RETRY_AFTER_HEADER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
} as const;

/** An error status with the meaning it has on this operation, where more can be said. */
export type DocumentedError =
  | ErrorStatus
  | {
      readonly status: ErrorStatus;
      readonly description: string;
      /** Sent with `Retry-After` (always so for 429). */
      readonly retryAfter?: boolean;
    };

/**
 * The error responses of an operation (or of every operation of a
 * controller), each the `ErrorResponse` schema; 429 with `Retry-After`.
 */
export function ApiErrors(...errors: DocumentedError[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorResponse),
    ...errors.map((error) => {
      const { status, description, retryAfter } =
        typeof error === 'number'
          ? { status: error, description: ERROR_DESCRIPTIONS[error], retryAfter: false }
          : error;
      return ApiResponse({
        status,
        description,
        type: ErrorResponse,
        ...(status === 429 || retryAfter ? { headers: RETRY_AFTER_HEADER } : {}),
      });
    }),
  );
}

/** A PDF answer: the bytes, and `application/pdf` (errors stay JSON). */
export function ApiPdfResponse(description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status: 200,
    description,
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  });
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
const OPERATION_METHODS = ['get', 'head', 'options', ...WRITE_METHODS] as const;

/**
 * Adds the errors that the middleware in front of every route answers, to
 * every operation that can meet them: a write from another site (403) or as
 * form data (400), a body over its limit (413); and the database or queue
 * away (503). Operations that document one already keep theirs.
 */
export function documentMiddlewareErrors(document: OpenAPIObject): OpenAPIObject {
  const errorSchema = { $ref: getSchemaPath(ErrorResponse) };
  const response = (status: ErrorStatus, description = ERROR_DESCRIPTIONS[status]) => ({
    description,
    content: { 'application/json': { schema: errorSchema } },
  });
  for (const path of Object.values(document.paths)) {
    for (const method of OPERATION_METHODS) {
      const operation = path[method];
      if (!operation) {
        continue;
      }
      const added: Record<string, ReturnType<typeof response>> = {
        '503': response(503),
      };
      if ((WRITE_METHODS as readonly string[]).includes(method)) {
        added['400'] = response(
          400,
          `${ERROR_DESCRIPTIONS[400]} Also a body sent as form data or plain text: the API takes JSON.`,
        );
        added['403'] = response(403);
        added['413'] = response(413);
      }
      const responses = { ...added, ...operation.responses };
      operation.responses = Object.fromEntries(
        Object.keys(responses)
          .sort()
          .map((status) => [status, responses[status]]),
      );
    }
  }
  return document;
}

/**
 * A handler parameter read from a request header by `parse`, with the header
 * in the operation's OpenAPI description, so the two cannot part.
 */
export function headerParam<T>(
  header: ApiHeaderOptions & { readonly name: string },
  parse: (value: string | readonly string[] | undefined) => T,
): () => ParameterDecorator {
  return createParamDecorator(
    (_: unknown, context: ExecutionContext): T =>
      parse(context.switchToHttp().getRequest<Request>().headers[header.name.toLowerCase()]),
    [
      (target: object, propertyKey: string | symbol | undefined) => {
        const descriptor =
          propertyKey === undefined
            ? undefined
            : Object.getOwnPropertyDescriptor(target, propertyKey);
        if (propertyKey !== undefined && descriptor) {
          ApiHeader(header)(target, propertyKey, descriptor);
        }
      },
    ],
  );
}
