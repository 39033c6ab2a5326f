import type { LexiconEntry } from './lexicon/entry';
import { HEALTH } from './lexicon/health';
import { ETHNIC_ORIGIN } from './lexicon/ethnic-origin';
import { POLITICAL_OPINION } from './lexicon/political-opinion';
import { RELIGION } from './lexicon/religion';
import { UNION_MEMBERSHIP } from './lexicon/union-membership';
import { BIOMETRIC_GENETIC } from './lexicon/biometric-genetic';
import { SEXUAL_LIFE } from './lexicon/sexual-life';
import { CRIMINAL_OFFENCE } from './lexicon/criminal-offence';
import { SOCIAL_FAMILY } from './lexicon/social-family';
import { CHARACTER_JUDGEMENT } from './lexicon/character-judgement';
import { OFFENSIVE } from './lexicon/offensive';

export type { LexiconEntry } from './lexicon/entry';
export { FAMILY_WORDS } from './lexicon/shared';

/**
 * The whole lexicon, one file per category in ./lexicon (patterns: ./lexicon/entry.ts).
 */
export const LEXICON: readonly LexiconEntry[] = [
  ...HEALTH,
  ...ETHNIC_ORIGIN,
  ...POLITICAL_OPINION,
  ...RELIGION,
  ...UNION_MEMBERSHIP,
  ...BIOMETRIC_GENETIC,
  ...SEXUAL_LIFE,
  ...CRIMINAL_OFFENCE,
  ...SOCIAL_FAMILY,
  ...CHARACTER_JUDGEMENT,
  ...OFFENSIVE,
];
