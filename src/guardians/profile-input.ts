import type { FieldProblem } from '../common/errors/domain-error';

/** What a person may enter about themself; empty means "remove". */
export interface ProfileInput {
  readonly streetAddress: string | null;
  readonly postalCode: string | null;
  readonly city: string | null;
  readonly phone: string | null;
  readonly mobile: string | null;
  readonly email: string | null;
}

export const PROFILE_FIELDS = [
  'streetAddress',
  'postalCode',
  'city',
  'phone',
  'mobile',
  'email',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const PROFILE_FIELD_NAMES: Readonly<Record<ProfileField, string>> = {
  streetAddress: 'Gatuadress',
  postalCode: 'Postnummer',
  city: 'Ort',
  phone: 'Telefon',
  mobile: 'Mobiltelefon',
  email: 'E-post',
};

const ADDRESS_FIELDS: readonly ProfileField[] = ['streetAddress', 'postalCode', 'city'];

export type ProfileValidation =
  | { readonly ok: true; readonly values: ProfileInput }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** Letters of any script, digits and the punctuation addresses use. */
const ADDRESS = /^[\p{L}\p{N} .,'’/-]+$/u;
const CITY = /^[\p{L} .'’-]+$/u;
const POSTAL_CODE = /^\d{3} ?\d{2}$/;
const PHONE = /^\+?[0-9][0-9 -]{5,18}[0-9]$/;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

/**
 * Checks each field and says, in Swedish, what is wrong. A person with
 * protected identity may not store an address at all: their address must
 * never be in the service.
 */
export function validateProfile(
  raw: Readonly<Record<string, unknown>>,
  options: { readonly hasProtectedIdentity: boolean },
): ProfileValidation {
  const problems: FieldProblem[] = [];
  const values: Record<ProfileField, string | null> = {
    streetAddress: null,
    postalCode: null,
    city: null,
    phone: null,
    mobile: null,
    email: null,
  };
  const fail = (field: ProfileField, problem: string): void => {
    problems.push({ field, problems: [problem] });
  };

  for (const field of PROFILE_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value !== 'string') {
      fail(field, 'måste vara text');
      continue;
    }
    const text = value.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (text === '') {
      continue;
    }
    if (options.hasProtectedIdentity && ADDRESS_FIELDS.includes(field)) {
      fail(
        field,
        'sparas inte: du har skyddade personuppgifter, så din adress ska inte finnas i tjänsten',
      );
      continue;
    }
    values[field] = text;
  }

  const check = (
    field: ProfileField,
    isValid: (text: string) => boolean,
    problem: string,
  ): void => {
    const text = values[field];
    if (text !== null && !isValid(text)) {
      fail(field, problem);
    }
  };
  check(
    'streetAddress',
    (t) => t.length <= 100 && ADDRESS.test(t),
    'ska vara en gatuadress, högst 100 tecken',
  );
  check('postalCode', (t) => POSTAL_CODE.test(t), 'ska vara fem siffror, till exempel 443 30');
  check('city', (t) => t.length <= 60 && CITY.test(t), 'ska vara en ort, högst 60 bokstäver');
  check('phone', (t) => PHONE.test(t), 'ska vara ett telefonnummer, till exempel 0302-52 10 00');
  check(
    'mobile',
    (t) => PHONE.test(t) && /^(\+46 ?7|07)/.test(t),
    'ska vara ett mobilnummer, till exempel 070-123 45 67',
  );
  check(
    'email',
    (t) => t.length <= 254 && EMAIL.test(t),
    'ska vara en e-postadress, till exempel namn@exempel.se',
  );

  if (problems.length > 0) {
    return { ok: false, problems };
  }
  if (values.postalCode !== null) {
    values.postalCode = values.postalCode.replace(/^(\d{3}) ?(\d{2})$/, '$1 $2');
  }
  if (values.email !== null) {
    values.email = values.email.toLowerCase();
  }
  return { ok: true, values };
}
