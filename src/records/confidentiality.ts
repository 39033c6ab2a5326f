import { FieldProblem, ValidationFailedError } from '../common/errors/domain-error';
import { isIsoDate } from '../common/stockholm';

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

export type ConfidentialityGround = (typeof CONFIDENTIALITY_GROUNDS)[number];

/**
 * A sekretessmarkering as the mentor (at establishment) or a reviewer
 * (later) chooses it: the provision and, if they want, the day by which it
 * is to be reviewed. It is a signal to the reviewers, never a decision.
 */
export interface MarkingChoice {
  readonly provision: ConfidentialityGround;
  readonly reviewOn: string | null;
}

/** A marking with who sets it, as the registry stores it (dated the day it is stored). */
export interface NewMarking extends MarkingChoice {
  readonly markedByAccountId: string;
}

/** A record's marking as stored. */
export interface ConfidentialityMarking {
  readonly provision: string;
  /** The Swedish day it was set, `YYYY-MM-DD`. */
  readonly markedOn: string;
  /** Null once the account is gone (or for a marking older than the column, where unknown). */
  readonly markedByAccountId: string | null;
  readonly reviewOn: string | null;
}

/** The names of the two fields in the form or body the marking came in. */
export interface MarkingFields {
  readonly provision: string;
  readonly reviewOn: string;
}

export function isConfidentialityGround(value: unknown): value is ConfidentialityGround {
  return (CONFIDENTIALITY_GROUNDS as readonly unknown[]).includes(value);
}

/** An empty form field, a JSON null and a missing property all mean "none". */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The marking chosen, or null for none, from a form or an API body: the
 * provision one of the grounds, the review date (optional) a real date that
 * has not passed in Sweden `today` (the day itself is fine: "omprövas
 * senast"). A review date belongs to a marking, so one without a provision
 * is refused rather than silently dropped. Anything wrong is a validation
 * error naming the field, in Swedish.
 */
export function checkMarking(
  input: { readonly provision: unknown; readonly reviewOn: unknown },
  today: string,
  fields: MarkingFields = { provision: 'provision', reviewOn: 'reviewOn' },
): MarkingChoice | null {
  const problems: FieldProblem[] = [];
  const hasProvision = !isBlank(input.provision);
  if (hasProvision && !isConfidentialityGround(input.provision)) {
    problems.push({
      field: fields.provision,
      problems: [`Välj en av sekretessgrunderna: ${CONFIDENTIALITY_GROUNDS.join(', ')}.`],
    });
  }
  const reviewProblem = isBlank(input.reviewOn) ? null : reviewDateProblem(input.reviewOn, today);
  if (reviewProblem) {
    problems.push({ field: fields.reviewOn, problems: [reviewProblem] });
  } else if (!isBlank(input.reviewOn) && !hasProvision) {
    problems.push({
      field: fields.provision,
      problems: ['Välj en sekretessgrund: ett omprövningsdatum hör till en sekretessmarkering.'],
    });
  }
  if (problems.length > 0) {
    throw new ValidationFailedError(problems);
  }
  if (!hasProvision) {
    return null;
  }
  return {
    provision: input.provision as ConfidentialityGround,
    reviewOn: isBlank(input.reviewOn) ? null : (input.reviewOn as string),
  };
}

function reviewDateProblem(value: unknown, today: string): string | null {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    return 'Skriv omprövningsdatumet som ÅÅÅÅ-MM-DD, till exempel 2027-06-30.';
  }
  return value < today
    ? 'Omprövningsdatumet har redan passerat. Välj i dag eller ett senare datum.'
    : null;
}

/** A marking is to be reviewed by its review day: only the day after has that day passed. */
export function isReviewOverdue(reviewOn: string | null, today: string): boolean {
  return reviewOn !== null && reviewOn < today;
}
