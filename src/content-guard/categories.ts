/**
 * What the free-text guard looks for (DOMAIN.md, "Plans"): the special
 * categories of GDPR art. 9, criminal offences, other people's personal
 * identity numbers and addresses, judgements of a person's character and
 * offensive language. `block` stops a save; `warn` is shown, and logged if
 * the writer saves anyway.
 *
 * Severities: everything the municipality's text says "must not" be written
 * blocks. Phone numbers only warn: a plan may well give the school's number.
 */
export const CATEGORIES = {
  health: {
    severity: 'block',
    explanation:
      'Uppgifter om hälsa och diagnoser är känsliga personuppgifter och får inte skrivas i planen.',
  },
  ethnic_origin: {
    severity: 'block',
    explanation:
      'Uppgifter om etniskt ursprung är känsliga personuppgifter och får inte skrivas i planen.',
  },
  religion: {
    severity: 'block',
    explanation:
      'Uppgifter om religion eller övertygelse är känsliga personuppgifter och får inte skrivas i planen.',
  },
  political_opinion: {
    severity: 'block',
    explanation:
      'Uppgifter om politiska åsikter är känsliga personuppgifter och får inte skrivas i planen.',
  },
  sexual_life: {
    severity: 'block',
    explanation:
      'Uppgifter om sexualliv och sexuell läggning är känsliga personuppgifter och får inte skrivas i planen.',
  },
  union_membership: {
    severity: 'block',
    explanation:
      'Uppgifter om medlemskap i fackförening är känsliga personuppgifter och får inte skrivas i planen.',
  },
  biometric_genetic: {
    severity: 'block',
    explanation:
      'Genetiska och biometriska uppgifter är känsliga personuppgifter och får inte skrivas i planen.',
  },
  criminal_offence: {
    severity: 'block',
    explanation: 'Uppgifter om brott och straff får inte skrivas i planen.',
  },
  civic_number: {
    severity: 'block',
    explanation: 'Personnummer får inte skrivas i planen.',
  },
  address_or_phone: {
    severity: 'warn',
    explanation:
      'Adresser och telefonnummer hör inte hemma i planen, och adressen till någon med skyddade personuppgifter får aldrig stå här.',
  },
  character_judgement: {
    severity: 'block',
    explanation:
      'Beskriv vad eleven gör och kan, inte vad eleven är: värderingar av en persons egenskaper är inte tillåtna.',
  },
  offensive: {
    severity: 'block',
    explanation: 'Kränkande uttalanden är inte tillåtna i planen.',
  },
} as const;

export type Category = keyof typeof CATEGORIES;
export type Severity = 'block' | 'warn';

export interface Finding {
  readonly category: Category;
  readonly severity: Severity;
  /** UTF-16 offsets into the text: text.slice(start, end) === match. */
  readonly start: number;
  readonly end: number;
  readonly match: string;
}
