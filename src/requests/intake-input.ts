import type { FieldProblem } from '../common/errors/domain-error';
import { expandLigatures, refusedCharacterProblem } from '../common/text-characters';
import type { DeliveryMethod } from './request-lifecycle';

/** What a requester tells us: what they ask for, how to receive it, and only the contact delivery needs. */
export interface IntakeInput {
  readonly description: string;
  readonly pupilName: string | null;
  readonly school: string | null;
  readonly period: string | null;
  readonly delivery: DeliveryMethod;
  readonly contactName: string | null;
  readonly contactEmail: string | null;
  readonly contactPhone: string | null;
  readonly postalAddress: string | null;
  /**
   * The requester agrees to be invoiced for paper copies that cost
   * something. An invoice needs a name and an address, so it ends anonymity:
   * never assumed, only given.
   */
  readonly invoiceConsent: boolean;
}

export const INTAKE_LIMITS = {
  description: 4000,
  pupilName: 200,
  school: 200,
  period: 50,
  contactName: 200,
  contactEmail: 254,
  contactPhone: 40,
  postalAddress: 500,
} as const;

const DELIVERY: readonly DeliveryMethod[] = ['on_site', 'paper', 'electronic'];
const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/u;
const PHONE = /^\+?[0-9 ()-]{5,40}$/;

type Raw = Readonly<Record<string, unknown>>;

/**
 * Checks a request from the public form, the API or staff, field by field,
 * in Swedish. No purpose is asked, and anonymity is allowed: contact details
 * are required only where the chosen delivery needs them (a postal address
 * for paper copies).
 */
export function validateIntake(raw: Raw): { input: IntakeInput } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (name: keyof typeof INTAKE_LIMITS, required: string | null): string | null => {
    const value = raw[name];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      problems.push({ field: name, problems: ['måste vara text'] });
      return null;
    }
    // NUL cannot be stored, and a direction control can turn or hide what a letter quotes.
    const refused = refusedCharacterProblem(value ?? '');
    if (refused) {
      problems.push({ field: name, problems: [refused] });
      return null;
    }
    const trimmed = expandLigatures(value ?? '').trim();
    if (!trimmed) {
      if (required) {
        problems.push({ field: name, problems: [required] });
      }
      return null;
    }
    if ([...trimmed].length > INTAKE_LIMITS[name]) {
      problems.push({ field: name, problems: [`får vara högst ${INTAKE_LIMITS[name]} tecken`] });
      return null;
    }
    return trimmed;
  };

  const description = text('description', 'Beskriv vilka handlingar du vill ta del av.');
  const pupilName = text('pupilName', null);
  const school = text('school', null);
  const period = text('period', null);
  const contactName = text('contactName', null);
  const contactEmail = text('contactEmail', null);
  const contactPhone = text('contactPhone', null);
  const delivery = DELIVERY.find((method) => method === raw.delivery) ?? null;
  if (!delivery) {
    problems.push({ field: 'delivery', problems: ['Välj hur du vill ta del av handlingarna.'] });
  }
  const postalAddress = text(
    'postalAddress',
    delivery === 'paper' ? 'Ange en postadress för papperskopiorna.' : null,
  );
  const invoiceConsent = consent(raw.invoiceConsent, problems);
  if (invoiceConsent && delivery && delivery !== 'paper') {
    problems.push({
      field: 'invoiceConsent',
      problems: ['Faktura gäller bara papperskopior; de andra sätten är kostnadsfria.'],
    });
  }
  if (invoiceConsent && delivery === 'paper' && !contactName) {
    problems.push({ field: 'contactName', problems: ['Ange ditt namn om du vill ha faktura.'] });
  }
  if (contactEmail && !EMAIL.test(contactEmail)) {
    problems.push({ field: 'contactEmail', problems: ['är inte en e-postadress'] });
  }
  if (contactPhone && !PHONE.test(contactPhone)) {
    problems.push({ field: 'contactPhone', problems: ['är inte ett telefonnummer'] });
  }
  if (problems.length > 0 || !description || !delivery) {
    return { problems };
  }
  return {
    input: {
      description,
      pupilName,
      school,
      period,
      delivery,
      contactName,
      contactEmail,
      contactPhone,
      postalAddress,
      invoiceConsent,
    },
  };
}

/** A checkbox ("ja") or a JSON boolean; absent is no. */
function consent(value: unknown, problems: FieldProblem[]): boolean {
  if (value === undefined || value === null || value === false || value === '') {
    return false;
  }
  if (value === true || value === 'ja') {
    return true;
  }
  problems.push({ field: 'invoiceConsent', problems: ['ska vara true eller false'] });
  return false;
}
