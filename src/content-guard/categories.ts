/**
 * What the free-text guard looks for (DOMAIN.md, "Plans"): the special
 * categories of GDPR art. 9 and offences (art. 10), what OSL 23 kap. 2 § and
 * 21 kap. protect in a pupil's plan (social services and family matters),
 * other people's identity numbers, contact details and classmates' names,
 * judgements of a person's character and offensive language. `block` stops a
 * save; `warn` is shown, and logged if the writer saves anyway.
 *
 * Severities: everything the municipality's text says "must not" be written
 * blocks. Contact details only warn: a plan may well give the school's number.
 *
 * Each category says, in plain Swedish, why it cannot stand in a plan that
 * becomes a public record (`explanation`) and what to write instead (`advice`).
 */
export const CATEGORIES = {
  health: {
    severity: 'block',
    name: 'hälsa',
    explanation:
      'Uppgifter om hälsa – diagnoser, utredningar, mediciner, vårdkontakter, graviditet och funktionsnedsättningar – är känsliga personuppgifter och får inte stå i planen, som blir allmän handling.',
    advice:
      'Skriv om behovet av stöd utan diagnosen, till exempel ”Eleven behöver korta genomgångar och stöd att komma igång”.',
  },
  ethnic_origin: {
    severity: 'block',
    name: 'etniskt ursprung',
    explanation:
      'Uppgifter om etniskt ursprung är känsliga personuppgifter och får inte stå i planen.',
    advice:
      'Skriv om vad eleven kan och behöver i skolarbetet, till exempel stöd i svenska som andraspråk, utan ursprunget.',
  },
  political_opinion: {
    severity: 'block',
    name: 'politiska åsikter',
    explanation:
      'Uppgifter om någons politiska åsikter är känsliga personuppgifter och får inte stå i planen.',
    advice:
      'Beskriv elevens förmåga att resonera och argumentera i ämnet, inte vad eleven eller familjen tycker politiskt.',
  },
  religion: {
    severity: 'block',
    name: 'religion eller övertygelse',
    explanation:
      'Uppgifter om religion eller livsåskådning är känsliga personuppgifter och får inte stå i planen.',
    advice:
      'Beskriv vad eleven kan i ämnet religionskunskap, eller vilken anpassning skolan gör, utan att nämna tron.',
  },
  union_membership: {
    severity: 'block',
    name: 'fackligt medlemskap',
    explanation:
      'Uppgifter om medlemskap i en fackförening är känsliga personuppgifter och får inte stå i planen.',
    advice: 'Ta bort uppgiften; den behövs inte för elevens utveckling.',
  },
  biometric_genetic: {
    severity: 'block',
    name: 'genetiska eller biometriska uppgifter',
    explanation:
      'Genetiska och biometriska uppgifter är känsliga personuppgifter och får inte stå i planen.',
    advice: 'Ta bort uppgiften och skriv bara om vilket stöd eleven behöver i skolan.',
  },
  sexual_life: {
    severity: 'block',
    name: 'sexualliv eller sexuell läggning',
    explanation:
      'Uppgifter om sexualliv, sexuell läggning och könsidentitet är känsliga personuppgifter och får inte stå i planen.',
    advice: 'Ta bort uppgiften; skriv bara om elevens lärande och skolsituation.',
  },
  criminal_offence: {
    severity: 'block',
    name: 'brott',
    explanation: 'Uppgifter om brott, misstankar och polisärenden får inte stå i planen.',
    advice:
      'Beskriv vad skolan och eleven ska göra framåt, till exempel ”Vi arbetar med hur eleven löser konflikter”, utan händelsen.',
  },
  social_family: {
    severity: 'block',
    name: 'socialtjänst och familjeförhållanden',
    explanation:
      'Uppgifter om socialtjänst, placeringar, orosanmälningar, vårdnadstvister och familjens ekonomi skyddas av sekretess och får inte stå i planen.',
    advice:
      'Skriv om vad eleven behöver i skolan, till exempel ”Eleven behöver extra stöd med läxorna”, utan familjens förhållanden.',
  },
  civic_number: {
    severity: 'block',
    name: 'personnummer',
    explanation:
      'Person- och samordningsnummer får inte stå i planen; eleven identifieras redan av planen själv.',
    advice: 'Ta bort numret.',
  },
  address_or_phone: {
    severity: 'warn',
    name: 'kontaktuppgift',
    explanation:
      'Adresser, telefonnummer och e-postadresser hör sällan hemma i planen, och adressen till någon med skyddade personuppgifter får aldrig stå här.',
    advice: 'Hänvisa hellre till skolans växel eller till mentorn.',
  },
  classmate_name: {
    severity: 'block',
    name: 'annan elevs namn',
    explanation:
      'Planen handlar om en elev och blir allmän handling: andra elevers namn får inte stå i den.',
    advice: 'Skriv ”en klasskamrat” eller ”andra elever” i stället för namnet.',
  },
  character_judgement: {
    severity: 'block',
    name: 'värdering av person',
    explanation:
      'Planen beskriver vad eleven gör och kan, inte vad eleven är: värderingar av en persons egenskaper hör inte hemma där.',
    advice:
      'Beskriv ett beteende och vad som ska hända, till exempel ”Eleven behöver stöd att komma igång med uppgifterna”.',
  },
  offensive: {
    severity: 'block',
    name: 'kränkande ord',
    explanation: 'Kränkande ord och svordomar får inte stå i planen.',
    advice: 'Skriv sakligt om vad som hände och vad som ska göras.',
  },
} as const;

export type Category = keyof typeof CATEGORIES;
export type Severity = 'block' | 'warn';

export const CATEGORY_NAMES = Object.keys(CATEGORIES) as Category[];

export interface Finding {
  readonly category: Category;
  readonly severity: Severity;
  /** UTF-16 offsets into the text: text.slice(start, end) === match. */
  readonly start: number;
  readonly end: number;
  readonly match: string;
}

/** Who the text is about and who else is in their groups, for the classmates' names. */
export interface GuardContext {
  /** The pupil the plan is about: their own name is never a finding. */
  readonly pupil?: PersonName | null;
  /** The other pupils of the pupil's groups (classes, teaching groups, mentor groups). */
  readonly classmates?: readonly PersonName[];
  /** Staff who write the plan (the mentor): their names are no pupil's, unless a classmate's full name. */
  readonly staff?: readonly PersonName[];
}

export interface PersonName {
  readonly givenName: string;
  readonly familyName: string;
}
