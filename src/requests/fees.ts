import { DomainError, ErrorCode } from '../common/errors/domain-error';
import type { DeliveryMethod } from './request-lifecycle';

/** The municipal tariff for paper copies (avgiftsförordningen 1992:191 §§ 15–16 by default). */
export interface CopyTariff {
  /** Pages that cost nothing. */
  readonly freePages: number;
  /** The fee for the first page past the free ones (kr). */
  readonly baseFeeKr: number;
  /** Each page after that (kr). */
  readonly perPageKr: number;
}

export const DEFAULT_TARIFF: CopyTariff = { freePages: 9, baseFeeKr: 50, perPageKr: 2 };

/**
 * What a copy costs: paper by the tariff (1–9 pages free, 10 pages 50 kr,
 * 2 kr per page after that); electronic copies and viewing on site are free.
 */
export function copyFee(
  delivery: DeliveryMethod,
  pages: number,
  tariff: CopyTariff = DEFAULT_TARIFF,
): number {
  if (!Number.isInteger(pages) || pages < 0) {
    throw new RangeError(`A page count is a whole number ≥ 0, not ${pages}`);
  }
  if (delivery !== 'paper' || pages <= tariff.freePages) {
    return 0;
  }
  return tariff.baseFeeKr + tariff.perPageKr * (pages - tariff.freePages - 1);
}

export type Payment = 'free' | 'invoice' | 'prepaid';

/**
 * How a fee is paid: nothing to pay (electronic, on site, or paper within
 * the free pages), by invoice only with the requester's consent (it ends
 * anonymity), else in advance before the copies are sent.
 */
export function paymentFor(
  delivery: DeliveryMethod,
  feeKr: number,
  invoiceConsent: boolean,
): Payment {
  if (delivery !== 'paper' || feeKr === 0) {
    return 'free';
  }
  return invoiceConsent ? 'invoice' : 'prepaid';
}

/** What settling a request's fee depends on. */
export interface FeeSettlement {
  readonly delivery: DeliveryMethod;
  /** The fee by the tariff once decided (kr). */
  readonly feeKr: number;
  readonly invoiceConsent: boolean;
  /** On-site viewing: whether a time is booked. */
  readonly viewingBooked: boolean;
}

/**
 * How the fee is settled as the copies go out: free, by invoice (only with
 * the requester's consent, which ends anonymity), or paid in advance, which
 * the reviewer confirms. On-site viewing needs its booking first.
 */
export function settlePayment(request: FeeSettlement, paymentReceived: boolean): Payment {
  if (request.delivery === 'on_site' && !request.viewingBooked) {
    throw new DomainError(ErrorCode.InvalidState, 'Boka först en tid för läsning på plats.');
  }
  const payment = paymentFor(request.delivery, request.feeKr, request.invoiceConsent);
  if (payment === 'prepaid' && !paymentReceived) {
    throw new DomainError(
      ErrorCode.InvalidState,
      `Avgiften (${request.feeKr} kr) ska vara betald innan kopiorna skickas: den som begärt dem har inte godkänt faktura. Bekräfta att betalningen har kommit in.`,
    );
  }
  return payment;
}

/** "50 kr", "0 kr (kostnadsfritt)". */
export function formatFee(kr: number): string {
  return kr === 0 ? 'kostnadsfritt' : `${kr.toLocaleString('sv-SE')} kr`;
}
