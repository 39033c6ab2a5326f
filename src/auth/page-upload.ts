/// <reference types="multer" />
import {
  applyDecorators,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

import { checkCsrfAfterUpload, formExpired } from './csrf';

const PAGE_UPLOAD = 'iup:page-upload';

/** Checks the form's CSRF token once the file upload before it has read the multipart body. */
@Injectable()
export class UploadCsrfInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    checkCsrfAfterUpload(context.switchToHttp().getRequest<Request>());
    return next.handle();
  }
}

/**
 * A page form that sends one file in `field`: the multipart body is read
 * (within `limits`), then the form's CSRF token, which travels in that body
 * as `_csrf` like any form's (never in the URL), is checked — before the
 * handler runs. Works without JavaScript.
 */
export function PageUpload(field: string, limits: NonNullable<import('multer').Options['limits']>) {
  return applyDecorators(
    SetMetadata(PAGE_UPLOAD, true),
    UseInterceptors(FileInterceptor(field, { limits }), UploadCsrfInterceptor),
  );
}

/**
 * A multipart page form whose CSRF check was left for its upload handling
 * reaches a route without `PageUpload`: refused, so no route can skip the
 * check by forgetting it.
 */
@Injectable()
export class UploadCsrfGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (
      request.csrfAfterUpload === true &&
      !this.reflector.getAllAndOverride<boolean | undefined>(PAGE_UPLOAD, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      throw formExpired();
    }
    return true;
  }
}
