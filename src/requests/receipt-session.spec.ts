import type { Request } from 'express';

import { hashReceiptCode, type ReceiptKey } from './receipt-code';
import {
  closeReceiptStatus,
  openReceiptKey,
  openReceiptStatus,
  RECEIPT_STATUS_OPEN_MINUTES,
} from './receipt-session';
import { receiptKeyFromHeader } from './receipt-code-header';

function requestWithSession(): Request {
  return { session: {} } as unknown as Request;
}

const key = hashReceiptCode('K7QF-M2XD-9PZC') as ReceiptKey;
const minute = 60_000;

describe('the status page in the session', () => {
  it('keeps the key, never the code, while it is used, and closes by itself after a while unused', () => {
    const request = requestWithSession();
    const now = Date.parse('2026-12-06T10:00:00Z');
    openReceiptStatus(request, key, now);
    expect(JSON.stringify(request.session)).not.toContain('K7QF');

    // Used now and then, it stays open.
    const later = now + (RECEIPT_STATUS_OPEN_MINUTES - 1) * minute;
    expect(openReceiptKey(request, later)).toBe(key);
    expect(openReceiptKey(request, later + (RECEIPT_STATUS_OPEN_MINUTES - 1) * minute)).toBe(key);

    // Left alone, it closes.
    expect(openReceiptKey(request, later + 3 * RECEIPT_STATUS_OPEN_MINUTES * minute)).toBeNull();
    expect(request.session.receiptStatus).toBeUndefined();
  });

  it('closes at once when asked, and takes nothing but a key back', () => {
    const request = requestWithSession();
    openReceiptStatus(request, key);
    closeReceiptStatus(request);
    expect(openReceiptKey(request)).toBeNull();

    request.session.receiptStatus = { key: 'K7QF-M2XD-9PZC', until: Date.now() + minute };
    expect(openReceiptKey(request)).toBeNull();
  });
});

describe('the receipt code header of the API', () => {
  it('gives the key of a code, nothing for what cannot be one, and refuses no header at all', () => {
    expect(receiptKeyFromHeader('k7qf-m2xd-9pzc')).toBe(key);
    expect(receiptKeyFromHeader('inte-en-kod')).toBeNull();
    expect(() => receiptKeyFromHeader(undefined)).toThrow('Ange koden från kvittot');
    expect(() => receiptKeyFromHeader('')).toThrow('Ange koden från kvittot');
  });
});
