import { pageOf, planAccessLogView, READS_PER_PAGE } from './plan-access-log.view';

const base = {
  pupilId: 'p',
  pupilName: 'Saga Hassan',
  isPupil: false,
  reads: [],
  totalReads: 0,
  releases: [],
  page: 1,
};

describe('the plan access log in words', () => {
  it('reads the page number only from a whole number, else the first page', () => {
    expect(pageOf('3')).toBe(3);
    for (const raw of [undefined, '', '0', '-1', '1.5', 'x', ['2'], '9999999']) {
      expect(pageOf(raw)).toBe(1);
    }
  });

  it('words each read by its roles in Swedish and Stockholm time, never who', () => {
    const view = planAccessLogView({
      ...base,
      totalReads: 2,
      reads: [
        {
          pupilId: 'p',
          action: 'plan.pdf.read',
          roles: ['guardian', 'mentor'],
          occurredAt: '2026-07-01T22:30:00.000Z',
        },
        {
          pupilId: 'p',
          action: 'record.review.read',
          roles: [],
          occurredAt: '2026-12-01T08:05:00.000Z',
        },
      ],
    });
    expect(view.reads).toEqual([
      { when: '2026-07-02 00:30', roles: 'Vårdnadshavare, Mentor', what: 'Planen som PDF' },
      {
        when: '2026-12-01 09:05',
        roles: 'Okänd roll',
        what: 'Den fastställda planen som allmän handling',
      },
    ]);
  });

  it('words each release by its decision and the passages struck', () => {
    const view = planAccessLogView({
      ...base,
      releases: [
        { releasedOn: '2026-12-07', decision: 'release_with_redactions', struckPassages: 1 },
        { releasedOn: '2026-12-06', decision: 'release_with_redactions', struckPassages: 3 },
        { releasedOn: '2026-12-05', decision: 'release', struckPassages: 0 },
      ],
    });
    expect(view.releases.map((release) => release.struck)).toEqual([
      '1 avsnitt',
      '3 avsnitt',
      'Inget',
    ]);
    expect(view.releases[2]?.decision).toBe('Utlämnad');
  });

  it('pages the reads: links to newer and older pages only where there are some', () => {
    const total = READS_PER_PAGE * 2 + 1;
    expect(planAccessLogView({ ...base, totalReads: total, page: 1 })).toMatchObject({
      pages: 3,
      previousPage: null,
      nextPage: 2,
    });
    expect(planAccessLogView({ ...base, totalReads: total, page: 3 })).toMatchObject({
      previousPage: 2,
      nextPage: null,
    });
    // Past the end: back to the last page, nothing further.
    expect(planAccessLogView({ ...base, totalReads: total, page: 9 })).toMatchObject({
      previousPage: 3,
      nextPage: null,
    });
    expect(planAccessLogView(base)).toMatchObject({ pages: 1, previousPage: null, nextPage: null });
  });
});
