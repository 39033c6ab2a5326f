import type { Request } from 'express';

import { asReceiptKey, type ReceiptKey } from './receipt-code';

/**
 * How long the status page stays open in a browser without being used. The
 * code is typed once and never travels in a URL; a browser left behind (a
 * library's computer) closes the request again by itself.
 */
export const RECEIPT_STATUS_OPEN_MINUTES = 30;

/** Opens the request of `key` on the status page of this session. Save the session before redirecting. */
export function openReceiptStatus(request: Request, key: ReceiptKey, now = Date.now()): void {
  request.session.receiptStatus = { key, until: now + RECEIPT_STATUS_OPEN_MINUTES * 60_000 };
}

/**
 * The key of the request open on this session's status page, kept open
 * for another while; null when none is open or it has closed by itself.
 */
export function openReceiptKey(request: Request, now = Date.now()): ReceiptKey | null {
  const held = request.session.receiptStatus;
  const key = held && held.until > now ? asReceiptKey(held.key) : null;
  if (!key) {
    if (held) {
      delete request.session.receiptStatus;
    }
    return null;
  }
  openReceiptStatus(request, key, now);
  return key;
}

export function closeReceiptStatus(request: Request): void {
  delete request.session.receiptStatus;
}
