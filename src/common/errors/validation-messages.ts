import type { ValidationError } from 'class-validator';

import type { FieldProblem } from './domain-error';

/** Swedish wording of class-validator's built-in checks, by constraint name. */
const SWEDISH: Readonly<Record<string, string>> = {
  whitelistValidation: 'är inte ett tillåtet fält',
  isDefined: 'måste anges',
  isNotEmpty: 'får inte vara tomt',
  isString: 'måste vara text',
  isInt: 'måste vara ett heltal',
  isNumber: 'måste vara ett tal',
  isBoolean: 'måste vara sant eller falskt',
  isEmail: 'måste vara en giltig e-postadress',
  isIn: 'har ett värde som inte är tillåtet',
  isEnum: 'har ett värde som inte är tillåtet',
  isDate: 'måste vara ett datum',
  isDateString: 'måste vara ett datum (ÅÅÅÅ-MM-DD)',
  isISO8601: 'måste vara ett datum (ÅÅÅÅ-MM-DD)',
  isUUID: 'måste vara ett giltigt id',
  isArray: 'måste vara en lista',
  isObject: 'måste vara ett objekt',
  nestedValidation: 'har fel form',
  maxLength: 'är för långt',
  minLength: 'är för kort',
  min: 'är för litet',
  max: 'är för stort',
  arrayMaxSize: 'har för många poster',
  arrayMinSize: 'har för få poster',
  matches: 'har fel format',
  isUrl: 'måste vara en giltig webbadress',
  isPhoneNumber: 'måste vara ett giltigt telefonnummer',
};

/**
 * Flattens class-validator's tree into one entry per field. A DTO's own
 * message (written in Swedish where the DTO is declared) wins; the built-in
 * English defaults, which all begin with the property name, are replaced.
 */
export function toFieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      message.startsWith(`${error.property} `) || message.startsWith('property ')
        ? (SWEDISH[constraint] ?? 'har ett ogiltigt värde')
        : message,
    );
    const nested = toFieldProblems(error.children ?? [], field);
    return own.length > 0 ? [{ field, problems: own }, ...nested] : nested;
  });
}
