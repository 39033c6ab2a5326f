import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { DomainError, ErrorCode, FieldProblem } from '../errors/domain-error';
import { codeOfStatus, defaultMessageOf, statusOf } from '../errors/error-status';
import { isDependencyUnavailable } from '../errors/unavailable';
import { isApiPath, isHealthPath } from './paths';

/** The stable error shape of the JSON API (and of the health endpoints' non-503 errors). */
export interface ApiErrorBody {
  readonly error: {
    readonly status: number;
    readonly code: ErrorCode;
    readonly message: string;
    readonly fields: readonly FieldProblem[];
    /** The correlation id (`x-request-id`); the field's name is part of the API. */
    readonly requestId: string | undefined;
  };
}

interface Described {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly fields: readonly FieldProblem[];
  readonly retryAfterSeconds?: number;
}

/** `Retry-After` of a 429 whose cause did not say when (RFC 6585 asks for one; clients wait on it). */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Errors from the HTTP layer below Nest (body parser) carry their status like this. */
interface HttpLayerError {
  readonly status?: number;
  readonly statusCode?: number;
  readonly expose?: boolean;
}

function describe(exception: unknown): Described {
  if (exception instanceof DomainError) {
    return {
      status: statusOf(exception.code),
      code: exception.code,
      message: exception.message,
      fields: exception.fields,
      retryAfterSeconds: exception.retryAfterSeconds,
    };
  }
  // The database or Redis away (a restart, an outage), here or in the session middleware
  // before Nest: "try again in a while", and the service recovers when they are back.
  if (isDependencyUnavailable(exception)) {
    const code = ErrorCode.ServiceUnavailable;
    return { status: statusOf(code), code, message: defaultMessageOf(code), fields: [] };
  }
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : ((exception as HttpLayerError | null)?.expose &&
          ((exception as HttpLayerError).status ?? (exception as HttpLayerError).statusCode)) ||
        HttpStatus.INTERNAL_SERVER_ERROR;
  const code = codeOfStatus(status);
  return { status, code, message: defaultMessageOf(code), fields: [] };
}

/**
 * The one place where failures become responses: the API gets the stable JSON
 * shape, pages get a Swedish error page. Internal details never leave the
 * server; they are logged with the request id the user is shown.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw exception;
    }
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const described = describe(exception);
    const correlationId = request.id === undefined ? undefined : String(request.id);

    if (described.status >= 500) {
      this.logger.error({ err: exception, correlationId }, 'Request failed');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    const retryAfter =
      described.retryAfterSeconds ??
      (described.status === 429 ? DEFAULT_RETRY_AFTER_SECONDS : undefined);
    if (retryAfter !== undefined) {
      response.setHeader('Retry-After', String(retryAfter));
    }

    // Terminus reports an unhealthy dependency as a 503 whose body is the health report.
    if (isHealthPath(request.path) && exception instanceof HttpException) {
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }

    if (isApiPath(request.path) || isHealthPath(request.path) || !request.accepts('html')) {
      const { status, code, message, fields } = described;
      const body: ApiErrorBody = {
        error: { status, code, message, fields, requestId: correlationId },
      };
      response.status(described.status).json(body);
      return;
    }

    if (described.code === ErrorCode.Unauthenticated && request.method === 'GET') {
      response.redirect(303, `/logga-in?nasta=${encodeURIComponent(request.originalUrl)}`);
      return;
    }

    const template = described.status === 404 ? 'errors/404.njk' : 'errors/error.njk';
    response.status(described.status).render(
      template,
      {
        title:
          described.code === ErrorCode.ServiceUnavailable
            ? 'Tillfälligt avbrott'
            : described.status >= 500
              ? 'Något gick fel'
              : 'Det gick inte',
        status: described.status,
        message: described.message,
        fields: described.fields,
        correlationId,
      },
      (renderError: Error | null, html?: string) => {
        if (renderError) {
          this.logger.error(
            { err: renderError, correlationId },
            'Error page could not be rendered',
          );
          response.type('text/plain; charset=utf-8').send(described.message);
          return;
        }
        response.send(html);
      },
    );
  }
}
