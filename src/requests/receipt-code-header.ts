import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { headerParam } from '../common/http/api-docs';
import { receiptKeyOf, type ReceiptKey } from './receipt-code';

/**
 * The header the API takes the receipt code in. Never the URL: a path or
 * query ends up in access logs, proxies and browser history, and the code
 * opens the request's status and copies.
 */
export const RECEIPT_CODE_HEADER = 'X-Receipt-Code';

/**
 * The key of the receipt code sent in `X-Receipt-Code`: null for a value
 * that cannot be a code (the service answers 404 as for an unknown one);
 * no header at all is a malformed call (400).
 */
export function receiptKeyFromHeader(
  value: string | readonly string[] | undefined,
): ReceiptKey | null {
  if (value === undefined || value === '') {
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `Ange koden från kvittot i rubriken ${RECEIPT_CODE_HEADER}.`,
      [{ field: RECEIPT_CODE_HEADER, problems: ['saknas'] }],
    );
  }
  return typeof value === 'string' ? receiptKeyOf(value.slice(0, 40)) : null;
}

/** The receipt code's key from `X-Receipt-Code`, with the header in the OpenAPI description. */
export const ReceiptCodeHeader = headerParam(
  {
    name: RECEIPT_CODE_HEADER,
    required: true,
    description:
      'The receipt code the request was filed with (K7QF-M2XD-9PZC; case, spaces and dashes ' +
      'do not matter). Sent in this header, never in the URL, where logs and history keep it. ' +
      'An unknown code gets 404; no header, 400.',
    schema: { type: 'string', example: 'K7QF-M2XD-9PZC', maxLength: 40 },
  },
  receiptKeyFromHeader,
);
