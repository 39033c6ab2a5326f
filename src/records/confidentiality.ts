/**
 * Grounds that may be named in a confidentiality marking (and, later, in a
 * redaction). The list is the municipality's; these are the ones DOMAIN.md
 * names for pupils' plans.
 */
export const CONFIDENTIALITY_GROUNDS = [
  'OSL 23 kap. 2 §',
  'OSL 21 kap. 3 §',
  'OSL 21 kap. 7 §',
] as const;
