import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { copyFee, FeeSettlement, formatFee, paymentFor, settlePayment } from './fees';

describe('copy fees (avgiftsförordningen by default)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [9, 0],
    [10, 50],
    [11, 52],
    [25, 80],
    [100, 230],
  ])('%i paper pages cost %i kr', (pages, kr) => {
    expect(copyFee('paper', pages)).toBe(kr);
  });

  it('electronic copies and viewing on site are free', () => {
    expect(copyFee('electronic', 120)).toBe(0);
    expect(copyFee('on_site', 120)).toBe(0);
  });

  it('follows the municipality’s own tariff', () => {
    expect(copyFee('paper', 10, { freePages: 0, baseFeeKr: 10, perPageKr: 1 })).toBe(19);
  });

  it('refuses a page count that is not one', () => {
    expect(() => copyFee('paper', -1)).toThrow(RangeError);
    expect(() => copyFee('paper', 2.5)).toThrow(RangeError);
  });

  it('says the amount in Swedish', () => {
    expect(formatFee(0)).toBe('kostnadsfritt');
    expect(formatFee(1250)).toBe('1\u00a0250 kr');
  });

  it('invoices only with the requester’s consent; otherwise a fee is paid in advance', () => {
    expect(paymentFor('paper', 50, true)).toBe('invoice');
    expect(paymentFor('paper', 50, false)).toBe('prepaid');
    expect(paymentFor('paper', 0, false)).toBe('free');
    expect(paymentFor('electronic', 0, true)).toBe('free');
    expect(paymentFor('on_site', 0, false)).toBe('free');
  });
});

describe('settling the fee as the copies go out', () => {
  const paper: FeeSettlement = {
    delivery: 'paper',
    feeKr: 52,
    invoiceConsent: false,
    viewingBooked: false,
  };

  function refusal(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidState) {
        return error.message;
      }
      throw error;
    }
    throw new Error('the delivery was allowed');
  }

  it('sends free copies without any payment', () => {
    expect(settlePayment({ ...paper, feeKr: 0 }, false)).toBe('free');
    expect(settlePayment({ ...paper, delivery: 'electronic', feeKr: 0 }, false)).toBe('free');
  });

  it('invoices a fee when the requester consented, payment or not', () => {
    expect(settlePayment({ ...paper, invoiceConsent: true }, false)).toBe('invoice');
  });

  it('holds paper copies with a fee until the advance payment is confirmed, naming the fee', () => {
    expect(refusal(() => settlePayment(paper, false))).toContain('Avgiften (52 kr)');
    expect(settlePayment(paper, true)).toBe('prepaid');
  });

  it('shows records on site only once a time is booked', () => {
    const onSite: FeeSettlement = { ...paper, delivery: 'on_site', feeKr: 0 };
    expect(refusal(() => settlePayment(onSite, true))).toBe(
      'Boka först en tid för läsning på plats.',
    );
    expect(settlePayment({ ...onSite, viewingBooked: true }, false)).toBe('free');
  });

  it('needs no booking for copies that are sent', () => {
    expect(settlePayment({ ...paper, delivery: 'electronic', feeKr: 0 }, false)).toBe('free');
    expect(settlePayment({ ...paper, invoiceConsent: true, viewingBooked: false }, false)).toBe(
      'invoice',
    );
  });
});
