/**
 * The address a person has given the school, to offer on the preference page: the guardian's
 * own profile e-mail (guardians' `self_contact`), else the one the directory import gave.
 * Guardians sit above this module, so it names what it needs here and guardians provide it
 * (`OwnContactEmailModule`, global).
 */
export abstract class OwnContactEmail {
  abstract findOwnEmail(personId: string): Promise<string | null>;
}
