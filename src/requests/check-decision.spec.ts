import { DomainError, ErrorCode, ValidationFailedError } from '../common/errors/domain-error';
import type { Redaction } from '../redaction/apply-redactions';
import { checkDecision, ItemDecisionInput, NO_PUBLIC_RECORD_REASON } from './check-decision';

const GROUNDS = ['OSL 23 kap. 2 §', 'OSL 21 kap. 3 §'];
const RECORD = { kind: 'record' } as const;
const DRAFT = { kind: 'draft' } as const;
const STRIKE: Redaction = { fieldId: 'assessment-1', ground: 'OSL 23 kap. 2 §' };

function input(overrides: Partial<ItemDecisionInput>): ItemDecisionInput {
  return {
    decision: 'release',
    redactions: [],
    refusalGround: null,
    reasons: null,
    version: 1,
    ...overrides,
  };
}

/** The fields a refused decision names, so each case says what the reviewer must fix. */
function refusedFields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.ValidationFailed) {
      return error.fields.map((field) => field.field);
    }
    throw error;
  }
  throw new Error('the decision was accepted');
}

describe('the rules for deciding one item of a request', () => {
  describe('a draft (not yet a public record)', () => {
    it('is answered "no public record" with the standard reason when none is written', () => {
      expect(checkDecision(DRAFT, input({ decision: 'no_public_record' }), GROUNDS)).toEqual({
        decision: 'no_public_record',
        redactions: [],
        refusalGround: null,
        reasons: NO_PUBLIC_RECORD_REASON,
        concernedParty: null,
      });
    });

    it('keeps the reviewer’s own reason, trimmed, and drops redactions and grounds', () => {
      const checked = checkDecision(
        DRAFT,
        input({
          decision: 'no_public_record',
          reasons: '  Samtalet är inte hållet.  ',
          redactions: [STRIKE],
          refusalGround: GROUNDS[0],
        }),
        GROUNDS,
      );
      expect(checked).toEqual({
        decision: 'no_public_record',
        redactions: [],
        refusalGround: null,
        reasons: 'Samtalet är inte hållet.',
        concernedParty: null,
      });
    });

    it.each(['release', 'release_with_redactions', 'refuse'] as const)(
      'cannot be decided "%s"',
      (decision) => {
        expect(
          refusedFields(() =>
            checkDecision(
              DRAFT,
              input({ decision, redactions: [STRIKE], refusalGround: GROUNDS[0], reasons: 'Skäl' }),
              GROUNDS,
            ),
          ),
        ).toEqual(['decision']);
      },
    );
  });

  describe('an established record', () => {
    it('is released as it is, with no redactions or ground kept', () => {
      expect(
        checkDecision(
          RECORD,
          input({ decision: 'release', redactions: [STRIKE], refusalGround: GROUNDS[0] }),
          GROUNDS,
        ),
      ).toEqual({
        decision: 'release',
        redactions: [],
        refusalGround: null,
        reasons: null,
        concernedParty: null,
      });
    });

    it('is released with redactions when at least one is marked and the reasons are given', () => {
      expect(
        checkDecision(
          RECORD,
          input({
            decision: 'release_with_redactions',
            redactions: [STRIKE],
            reasons: 'Uppgift om hälsa',
            refusalGround: GROUNDS[1],
          }),
          GROUNDS,
        ),
      ).toEqual({
        decision: 'release_with_redactions',
        redactions: [STRIKE],
        refusalGround: null,
        reasons: 'Uppgift om hälsa',
        concernedParty: null,
      });
    });

    it('needs a redaction to be released with redactions', () => {
      expect(
        refusedFields(() =>
          checkDecision(
            RECORD,
            input({ decision: 'release_with_redactions', reasons: 'Skäl' }),
            GROUNDS,
          ),
        ),
      ).toEqual(['redactions']);
    });

    it('needs reasons for redactions; blank text is no reason', () => {
      expect(
        refusedFields(() =>
          checkDecision(
            RECORD,
            input({ decision: 'release_with_redactions', redactions: [STRIKE], reasons: '   ' }),
            GROUNDS,
          ),
        ),
      ).toEqual(['reasons']);
    });

    it('is refused on one of the configured grounds with reasons', () => {
      expect(
        checkDecision(
          RECORD,
          input({ decision: 'refuse', refusalGround: GROUNDS[1], reasons: 'Sekretess' }),
          GROUNDS,
        ),
      ).toEqual({
        decision: 'refuse',
        redactions: [],
        refusalGround: GROUNDS[1],
        reasons: 'Sekretess',
        concernedParty: null,
      });
    });

    it.each([
      ['no ground', null],
      ['a ground not configured', 'OSL 99 kap. 1 §'],
    ])('is not refused on %s', (_, refusalGround) => {
      expect(
        refusedFields(() =>
          checkDecision(
            RECORD,
            input({ decision: 'refuse', refusalGround, reasons: 'Sekretess' }),
            GROUNDS,
          ),
        ),
      ).toEqual(['refusalGround']);
    });

    it('is not refused without reasons', () => {
      expect(
        refusedFields(() =>
          checkDecision(RECORD, input({ decision: 'refuse', refusalGround: GROUNDS[0] }), GROUNDS),
        ),
      ).toEqual(['reasons']);
    });

    it('is a public record, so "no public record" is not an answer', () => {
      expect(
        refusedFields(() =>
          checkDecision(RECORD, input({ decision: 'no_public_record' }), GROUNDS),
        ),
      ).toEqual(['decision']);
    });

    it('keeps at most 4000 characters of reasons', () => {
      const checked = checkDecision(
        RECORD,
        input({ decision: 'release', reasons: 'x'.repeat(5000) }),
        GROUNDS,
      );
      expect(checked.reasons).toHaveLength(4000);
    });
  });

  describe('a guardian asking about their own child (OSL 12 kap. 3 §)', () => {
    const CHILD = { kind: 'record' as const, aboutGuardiansChild: true };
    const refusal = { refusalGround: GROUNDS[0] ?? '', reasons: 'Elevhälsa.' };

    it('names the basis when it fits the decision', () => {
      expect(
        checkDecision(CHILD, input({ decision: 'release', concernedParty: 'lifted' }), GROUNDS)
          .concernedParty,
      ).toBe('lifted');
      expect(
        checkDecision(
          CHILD,
          input({ decision: 'refuse', ...refusal, concernedParty: 'protects_against_guardian' }),
          GROUNDS,
        ).concernedParty,
      ).toBe('protects_against_guardian');
      // Others' data struck, the child's released to the guardian.
      expect(
        checkDecision(
          CHILD,
          input({
            decision: 'release_with_redactions',
            redactions: [STRIKE],
            reasons: 'Uppgift om en klasskamrat.',
            concernedParty: 'lifted',
          }),
          GROUNDS,
        ).concernedParty,
      ).toBe('lifted');
    });

    it('refuses a basis that contradicts the decision, an unknown one, or one on any other request', () => {
      const fieldOf = (run: () => unknown) => {
        try {
          run();
        } catch (error) {
          return (error as ValidationFailedError).fields.map((field) => field.field);
        }
        return [];
      };
      expect(
        fieldOf(() =>
          checkDecision(
            CHILD,
            input({ decision: 'refuse', ...refusal, concernedParty: 'lifted' }),
            GROUNDS,
          ),
        ),
      ).toEqual(['concernedParty']);
      expect(
        fieldOf(() =>
          checkDecision(
            CHILD,
            input({ decision: 'release', concernedParty: 'protects_against_guardian' }),
            GROUNDS,
          ),
        ),
      ).toEqual(['concernedParty']);
      expect(
        fieldOf(() =>
          checkDecision(CHILD, input({ decision: 'release', concernedParty: 'maybe' }), GROUNDS),
        ),
      ).toEqual(['concernedParty']);
      expect(
        fieldOf(() =>
          checkDecision(RECORD, input({ decision: 'release', concernedParty: 'lifted' }), GROUNDS),
        ),
      ).toEqual(['concernedParty']);
      // Left empty: decided as for anyone.
      expect(
        checkDecision(CHILD, input({ decision: 'release', concernedParty: ' ' }), GROUNDS)
          .concernedParty,
      ).toBeNull();
    });
  });
});
