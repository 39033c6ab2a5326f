import {
  asReceiptKey,
  hashReceiptCode,
  newReceiptCode,
  normaliseReceiptCode,
  receiptKeyOf,
} from './receipt-code';

describe('receipt codes', () => {
  it('are twelve characters of Crockford base 32 in three groups, different each time', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newReceiptCode()));
    expect(codes.size).toBe(500);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(normaliseReceiptCode(code)).toBe(code);
    }
  });

  it('forgive case, spaces, dashes and look-alike letters', () => {
    expect(normaliseReceiptCode(' k7qf m2xd 9pzc ')).toBe('K7QF-M2XD-9PZC');
    expect(normaliseReceiptCode('K7QF-M2XD-9PZI')).toBe('K7QF-M2XD-9PZ1');
    expect(normaliseReceiptCode('O7QF-M2XD-9PZC')).toBe('07QF-M2XD-9PZC');
  });

  it('refuse what cannot be a code', () => {
    expect(normaliseReceiptCode('')).toBeNull();
    expect(normaliseReceiptCode('K7QF-M2XD')).toBeNull();
    expect(normaliseReceiptCode('K7QF-M2XD-9PZU')).toBeNull();
    expect(normaliseReceiptCode('<script>alert(1)</script>')).toBeNull();
  });

  it('are stored as a hash only', () => {
    expect(hashReceiptCode('K7QF-M2XD-9PZC')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashReceiptCode('K7QF-M2XD-9PZC')).not.toContain('K7QF');
  });

  it('open a request by their key, the hash as stored, the same however the code is typed', () => {
    expect(receiptKeyOf(' k7qf m2xd 9pzc ')).toBe(hashReceiptCode('K7QF-M2XD-9PZC'));
    expect(receiptKeyOf('K7QF-M2XD')).toBeNull();
    expect(asReceiptKey(receiptKeyOf('K7QF-M2XD-9PZC'))).toBe(hashReceiptCode('K7QF-M2XD-9PZC'));
    // A key read back from a session is a hash or nothing: never a code, never anything else.
    expect(asReceiptKey('K7QF-M2XD-9PZC')).toBeNull();
    expect(asReceiptKey(42)).toBeNull();
    expect(asReceiptKey(`${'a'.repeat(64)}x`)).toBeNull();
  });
});
