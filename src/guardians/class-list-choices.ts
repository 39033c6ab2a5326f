import type { FieldProblem } from '../common/errors/domain-error';

/**
 * What a guardian may let the class list show besides their name, each on its own: the
 * address (street, postal code and city together), phone, mobile, e-mail and photo. The
 * default is none of them: the class list shows only the name.
 */
export const CLASS_LIST_CHOICES = ['address', 'phone', 'mobile', 'email', 'photo'] as const;
export type ClassListChoice = (typeof CLASS_LIST_CHOICES)[number];

export type ClassListChoices = Readonly<Record<ClassListChoice, boolean>>;

export const NO_CLASS_LIST_CHOICES: ClassListChoices = {
  address: false,
  phone: false,
  mobile: false,
  email: false,
  photo: false,
};

/** The choices as the profile page and the register extract name them. */
export const CLASS_LIST_CHOICE_NAMES: Readonly<Record<ClassListChoice, string>> = {
  address: 'Adress',
  phone: 'Telefon',
  mobile: 'Mobiltelefon',
  email: 'E-post',
  photo: 'Bild',
};

export type ClassListChoicesValidation =
  | { readonly ok: true; readonly choices: ClassListChoices }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/**
 * The profile form's ticked boxes (`visa` = one or more of the choices; none ticked: the
 * field is absent). Anything else is refused, named in Swedish. A person with protected
 * identity is in no class list, and their address is never in the service: they cannot
 * choose it.
 */
export function validateClassListChoices(
  raw: unknown,
  options: { readonly hasProtectedIdentity: boolean },
): ClassListChoicesValidation {
  const values = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  const chosen = new Set<ClassListChoice>();
  for (const value of values) {
    if (typeof value !== 'string' || !(CLASS_LIST_CHOICES as readonly string[]).includes(value)) {
      return {
        ok: false,
        problems: [{ field: 'visa', problems: ['är inte ett av valen på sidan'] }],
      };
    }
    chosen.add(value as ClassListChoice);
  }
  if (options.hasProtectedIdentity && chosen.has('address')) {
    return {
      ok: false,
      problems: [
        {
          field: 'visa',
          problems: ['kan inte visa din adress: du har skyddade personuppgifter'],
        },
      ],
    };
  }
  return {
    ok: true,
    choices: Object.fromEntries(
      CLASS_LIST_CHOICES.map((choice) => [choice, chosen.has(choice)]),
    ) as Record<ClassListChoice, boolean>,
  };
}
