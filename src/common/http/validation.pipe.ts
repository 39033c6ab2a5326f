import { ValidationPipe } from '@nestjs/common';

import { ValidationFailedError } from '../errors/domain-error';
import { toFieldProblems } from '../errors/validation-messages';

/** Every DTO: unknown fields refused, values converted to their declared types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(toFieldProblems(errors)),
  });
}
