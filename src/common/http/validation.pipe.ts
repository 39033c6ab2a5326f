import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';

import { FieldProblem, ValidationFailedError } from '../errors/domain-error';
import { toFieldProblems } from '../errors/validation-messages';

/** No DTO nests deeper than a few levels; thousands overflow class-transformer's stack (a 500). */
const MAX_DEPTH = 32;
const NUL_PROBLEM = 'får inte innehålla tecknet NUL';
const DEPTH_PROBLEM = 'är för djupt nästlat';

/**
 * What the DTO checks cannot catch, found in any value (body, form, query or
 * path parameter) before they run: a NUL character, which PostgreSQL cannot
 * store in text (the query would fail as a 500), and nesting deep enough to
 * overflow the stack of the transformation.
 */
function findUnacceptable(value: unknown, path: string, found: FieldProblem[], depth = 0): void {
  if (found.length >= 20) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ field: path || 'värde', problems: [NUL_PROBLEM] });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    found.push({ field: path || 'värde', problems: [DEPTH_PROBLEM] });
    return;
  }
  for (const [key, each] of Object.entries(value)) {
    findUnacceptable(each, path ? `${path}.${key}` : key, found, depth + 1);
  }
}

class AppValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A body no parser read (a content type the route does not take) is an empty one, as Nest
    // already makes it for DTOs; a page's `Form` would otherwise reach its handler as undefined.
    if (metadata.type === 'body' && value === undefined) {
      return super.transform({}, metadata);
    }
    if (metadata.type !== 'custom') {
      const found: FieldProblem[] = [];
      findUnacceptable(value, metadata.data ?? '', found);
      if (found.length > 0) {
        throw new ValidationFailedError(found);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Every DTO: unknown fields refused, values converted to their declared types; no NUL anywhere. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(toFieldProblems(errors)),
  });
}
