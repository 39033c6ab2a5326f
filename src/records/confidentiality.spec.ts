import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { checkMarking, isConfidentialityGround, isReviewOverdue } from './confidentiality';

const TODAY = '2026-12-05';

/** The fields and Swedish problems a refused marking names. */
function refused(run: () => unknown): Record<string, readonly string[]> {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.ValidationFailed) {
      return Object.fromEntries(error.fields.map((field) => [field.field, field.problems]));
    }
    throw error;
  }
  throw new Error('the marking was accepted');
}

describe('a sekretessmarkering as the mentor or a reviewer chooses it', () => {
  it('takes one of the grounds, with or without a review date', () => {
    expect(checkMarking({ provision: 'OSL 23 kap. 2 §', reviewOn: '' }, TODAY)).toEqual({
      provision: 'OSL 23 kap. 2 §',
      reviewOn: null,
    });
    expect(checkMarking({ provision: 'OSL 21 kap. 3 §', reviewOn: '2027-06-30' }, TODAY)).toEqual({
      provision: 'OSL 21 kap. 3 §',
      reviewOn: '2027-06-30',
    });
  });

  it('reads an empty form field, null and a missing property as no marking', () => {
    expect(checkMarking({ provision: '', reviewOn: '' }, TODAY)).toBeNull();
    expect(checkMarking({ provision: null, reviewOn: null }, TODAY)).toBeNull();
    expect(checkMarking({ provision: undefined, reviewOn: undefined }, TODAY)).toBeNull();
  });

  it('accepts today as the review date: "omprövas senast" includes the day', () => {
    expect(checkMarking({ provision: 'OSL 21 kap. 7 §', reviewOn: TODAY }, TODAY)?.reviewOn).toBe(
      TODAY,
    );
  });

  it('refuses a provision not on the list, naming the grounds', () => {
    expect(
      refused(() => checkMarking({ provision: 'OSL 99 kap. 1 §', reviewOn: '' }, TODAY)),
    ).toEqual({
      provision: [
        'Välj en av sekretessgrunderna: OSL 23 kap. 2 §, OSL 21 kap. 3 §, OSL 21 kap. 7 §.',
      ],
    });
    expect(refused(() => checkMarking({ provision: 42, reviewOn: null }, TODAY))).toHaveProperty(
      'provision',
    );
  });

  it('refuses a review date that is no date, no calendar day, or has passed', () => {
    for (const reviewOn of ['30/6 2027', '2027-02-30', 20270630, '2027-6-30']) {
      expect(
        refused(() => checkMarking({ provision: 'OSL 23 kap. 2 §', reviewOn }, TODAY)),
      ).toEqual({
        reviewOn: ['Skriv omprövningsdatumet som ÅÅÅÅ-MM-DD, till exempel 2027-06-30.'],
      });
    }
    expect(
      refused(() => checkMarking({ provision: 'OSL 23 kap. 2 §', reviewOn: '2026-12-04' }, TODAY)),
    ).toEqual({
      reviewOn: ['Omprövningsdatumet har redan passerat. Välj i dag eller ett senare datum.'],
    });
  });

  it('refuses a review date without a provision rather than dropping it', () => {
    expect(refused(() => checkMarking({ provision: '', reviewOn: '2027-06-30' }, TODAY))).toEqual({
      provision: ['Välj en sekretessgrund: ett omprövningsdatum hör till en sekretessmarkering.'],
    });
  });

  it('names the fields as the caller names them', () => {
    const fields = { provision: 'confidentialityMarking', reviewOn: 'confidentialityReviewOn' };
    expect(
      Object.keys(refused(() => checkMarking({ provision: 'x', reviewOn: 'y' }, TODAY, fields))),
    ).toEqual(['confidentialityMarking', 'confidentialityReviewOn']);
  });

  it('knows the grounds', () => {
    expect(isConfidentialityGround('OSL 23 kap. 2 §')).toBe(true);
    expect(isConfidentialityGround('osl 23 kap. 2 §')).toBe(false);
    expect(isConfidentialityGround(null)).toBe(false);
  });
});

describe('a marking’s review date', () => {
  it('has passed only the day after it', () => {
    expect(isReviewOverdue('2026-12-04', TODAY)).toBe(true);
    expect(isReviewOverdue(TODAY, TODAY)).toBe(false);
    expect(isReviewOverdue('2027-06-30', TODAY)).toBe(false);
    expect(isReviewOverdue(null, TODAY)).toBe(false);
  });
});
