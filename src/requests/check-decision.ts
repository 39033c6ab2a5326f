import { ValidationFailedError } from '../common/errors/domain-error';
import type { Redaction } from '../redaction/apply-redactions';
import {
  CONCERNED_PARTY_BASES,
  type ConcernedPartyBasis,
  concernedPartyFits,
  type Decision,
} from './request-lifecycle';

/** Why a draft is not released: it is not yet a public record. */
export const NO_PUBLIC_RECORD_REASON =
  'Det finns ännu ingen allmän handling: planen är ett utkast inför utvecklingssamtalet och har inte fastställts. ' +
  'Ett utkast är inte färdigställt och därför inte upprättat (TF 2 kap. 10 §). Planen blir en allmän handling när den fastställs efter samtalet.';

export interface ItemDecisionInput {
  readonly decision: Decision;
  readonly redactions: readonly Redaction[];
  readonly refusalGround: string | null;
  readonly reasons: string | null;
  /** A guardian's request about their child: the OSL 12 kap. 3 § basis, if the reviewer names one. */
  readonly concernedParty?: string | null;
  /** The item's version the reviewer saw; a decision made meanwhile wins. */
  readonly version: number;
}

/** The decision as it is stored: only what belongs to its kind, reasons trimmed. */
export interface CheckedDecision {
  readonly decision: Decision;
  readonly redactions: readonly Redaction[];
  readonly refusalGround: string | null;
  readonly reasons: string | null;
  readonly concernedParty: ConcernedPartyBasis | null;
}

/**
 * The rules for deciding one item of a request: a draft is not a public
 * record yet, so its only answer is that none exists (with the standard
 * reason unless the reviewer wrote one); an established record is released,
 * released with at least one redaction and the reasons for it, or refused
 * on one of the grounds with reasons. Anything else is a validation error
 * naming the field.
 */
export function checkDecision(
  item: { readonly kind: 'record' | 'draft'; readonly aboutGuardiansChild?: boolean },
  input: ItemDecisionInput,
  grounds: readonly string[],
): CheckedDecision {
  const decided = checkOutcome(item, input, grounds);
  return { ...decided, concernedParty: checkConcernedParty(item, input, decided.decision) };
}

/**
 * The OSL 12 kap. 3 § basis: only on a guardian's request and a record about
 * their own child, one of the two, and fitting the decision (lifted: something
 * goes out; protecting the child against the guardian: something is withheld).
 */
function checkConcernedParty(
  item: { readonly kind: 'record' | 'draft'; readonly aboutGuardiansChild?: boolean },
  input: ItemDecisionInput,
  decision: Decision,
): ConcernedPartyBasis | null {
  const given = input.concernedParty?.trim() || null;
  if (given === null) {
    return null;
  }
  const basis = CONCERNED_PARTY_BASES.find((each) => each === given);
  const problem = !basis
    ? 'Välj om sekretessen inte gäller mot vårdnadshavaren, eller om den skyddar eleven mot vårdnadshavaren.'
    : item.kind === 'draft' || item.aboutGuardiansChild !== true
      ? 'Bara när en vårdnadshavare begärt handlingar om sitt eget barn prövas sekretessen mot vårdnadshavaren (OSL 12 kap. 3 §).'
      : !concernedPartyFits(basis, decision)
        ? basis === 'lifted'
          ? 'Gäller sekretessen inte mot vårdnadshavaren lämnas handlingen ut till hen, helt eller med andras uppgifter maskerade; välj inte avslag.'
          : 'Skyddar sekretessen eleven mot vårdnadshavaren lämnas något inte ut; välj avslag eller maskeringar.'
        : null;
  if (problem !== null || !basis) {
    throw new ValidationFailedError([{ field: 'concernedParty', problems: [problem ?? ''] }]);
  }
  return basis;
}

function checkOutcome(
  item: { readonly kind: 'record' | 'draft' },
  input: ItemDecisionInput,
  grounds: readonly string[],
): Omit<CheckedDecision, 'concernedParty'> {
  const reasons = input.reasons?.trim().slice(0, 4000) || null;
  if (item.kind === 'draft') {
    if (input.decision !== 'no_public_record') {
      throw new ValidationFailedError([
        {
          field: 'decision',
          problems: [
            'Ett utkast är ingen allmän handling ännu; svaret är att ingen allmän handling finns.',
          ],
        },
      ]);
    }
    return {
      decision: 'no_public_record',
      redactions: [],
      refusalGround: null,
      reasons: reasons ?? NO_PUBLIC_RECORD_REASON,
    };
  }
  switch (input.decision) {
    case 'release':
      return { decision: 'release', redactions: [], refusalGround: null, reasons };
    case 'release_with_redactions':
      if (input.redactions.length === 0) {
        throw new ValidationFailedError([
          {
            field: 'redactions',
            problems: ['Markera minst en maskering, eller välj att lämna ut utan maskering.'],
          },
        ]);
      }
      if (!reasons) {
        throw new ValidationFailedError([
          { field: 'reasons', problems: ['Skriv skälen för maskeringarna.'] },
        ]);
      }
      return {
        decision: 'release_with_redactions',
        redactions: input.redactions,
        refusalGround: null,
        reasons,
      };
    case 'refuse':
      if (!input.refusalGround || !grounds.includes(input.refusalGround)) {
        throw new ValidationFailedError([
          { field: 'refusalGround', problems: ['Välj den bestämmelse avslaget grundas på.'] },
        ]);
      }
      if (!reasons) {
        throw new ValidationFailedError([
          { field: 'reasons', problems: ['Skriv skälen för avslaget.'] },
        ]);
      }
      return { decision: 'refuse', redactions: [], refusalGround: input.refusalGround, reasons };
    case 'no_public_record':
      throw new ValidationFailedError([
        { field: 'decision', problems: ['Handlingen är fastställd och är en allmän handling.'] },
      ]);
  }
}
