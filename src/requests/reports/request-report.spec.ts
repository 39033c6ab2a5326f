import {
  buildReport,
  firstActionTimeliness,
  monthsBetween,
  percentile,
  ReportRequest,
  workingDaysToDecision,
} from './request-report';
import { reportPeriod } from './request-reports.service';

function request(overrides: Partial<ReportRequest>): ReportRequest {
  return {
    receivedOn: '2026-11-02',
    status: 'decided',
    decidedOn: '2026-11-03',
    decisionDue: '2026-11-04',
    waitedWorkingDays: 0,
    outcomes: ['release'],
    firstActionDue: '2026-11-02',
    firstActionOn: '2026-11-02',
    ...overrides,
  };
}

describe('percentiles', () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([3], 90)).toBe(3);
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9.1);
    expect(percentile([0, 0, 0, 0, 0, 0, 0, 0, 0, 20], 90)).toBe(2);
  });
});

describe('working days to decision', () => {
  it('counts working days after receipt, holidays and the requester’s waiting left out', () => {
    // Thursday 24 December 2026 → Monday 28 December: julafton, juldagen, annandag jul and the weekend skipped.
    expect(
      workingDaysToDecision(request({ receivedOn: '2026-12-23', decidedOn: '2026-12-28' })),
    ).toBe(1);
    expect(
      workingDaysToDecision(
        request({ receivedOn: '2026-11-02', decidedOn: '2026-11-09', waitedWorkingDays: 3 }),
      ),
    ).toBe(2);
    expect(workingDaysToDecision(request({ decidedOn: null, status: 'in_review' }))).toBeNull();
  });
});

describe('the monthly report', () => {
  it('lists every month asked for, empty ones too', () => {
    expect(monthsBetween('2026-11', '2027-02')).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    const report = buildReport([], '2026-10', '2026-11', '2026-11-28');
    expect(
      report.months.map((month) => [month.month, month.received, month.medianWorkingDays]),
    ).toEqual([
      ['2026-10', 0, null],
      ['2026-11', 0, null],
    ]);
  });

  it('counts statuses, days to decision, lateness and outcomes per month', () => {
    const report = buildReport(
      [
        // Decided the next working day, one record released, one struck.
        request({ outcomes: ['release', 'release_with_redactions'] }),
        // Decided late (due 4 November, decided 6 November): refused.
        request({ decidedOn: '2026-11-06', status: 'delivered', outcomes: ['refuse'] }),
        // Open and past its date: overdue.
        request({ status: 'in_review', decidedOn: null, decisionDue: '2026-11-20', outcomes: [] }),
        // Waiting for the requester: the clock is stopped, not overdue.
        request({
          status: 'awaiting_clarification',
          decidedOn: null,
          decisionDue: '2026-11-20',
          outcomes: [],
        }),
        // Another month.
        request({ receivedOn: '2026-10-30', decidedOn: '2026-11-02', decisionDue: '2026-11-03' }),
      ],
      '2026-10',
      '2026-11',
      '2026-11-28',
    );
    const november = report.months[1];
    expect(november).toMatchObject({
      month: '2026-11',
      received: 4,
      byStatus: { received: 0, in_review: 1, awaiting_clarification: 1, decided: 1, delivered: 1 },
      decided: 2,
      medianWorkingDays: 2.5,
      p90WorkingDays: 3.7,
      overdue: 2,
      decidedOnTime: 1,
      decidedLate: 1,
      open: 2,
      outcomes: { release: 1, release_with_redactions: 1, refuse: 1, no_public_record: 0 },
    });
    expect(november?.outcomeShares.refuse).toBeCloseTo(1 / 3, 3);
    expect(report.months[0]?.received).toBe(1);
    expect(report.total.received).toBe(5);
    expect(report.total.decided).toBe(3);
  });
});

describe('the same-day first action in the report', () => {
  it('is on time by its day, late after it or when still missing past it', () => {
    const today = '2026-11-28';
    expect(firstActionTimeliness(request({}), today)).toBe('on_time');
    expect(firstActionTimeliness(request({ firstActionOn: '2026-11-03' }), today)).toBe('late');
    expect(firstActionTimeliness(request({ status: 'received', firstActionOn: null }), today)).toBe(
      'late',
    );
    // Not yet due, or withdrawn before anyone acted: not counted.
    expect(
      firstActionTimeliness(
        request({ status: 'received', firstActionOn: null, firstActionDue: '2026-11-28' }),
        today,
      ),
    ).toBeNull();
    expect(
      firstActionTimeliness(request({ status: 'withdrawn', firstActionOn: null }), today),
    ).toBeNull();
    expect(firstActionTimeliness(request({ firstActionDue: null }), today)).toBeNull();
  });

  it('is counted per month', () => {
    const report = buildReport(
      [
        request({}),
        request({ firstActionOn: '2026-11-04' }),
        request({ status: 'in_review', decidedOn: null, firstActionOn: null, outcomes: [] }),
      ],
      '2026-11',
      '2026-11',
      '2026-11-28',
    );
    expect(report.months[0]).toMatchObject({ firstActionOnTime: 1, firstActionLate: 2 });
    expect(report.total).toMatchObject({ firstActionOnTime: 1, firstActionLate: 2 });
  });
});

describe('the report period', () => {
  it('defaults to the last twelve months, this one included', () => {
    expect(reportPeriod({}, '2026-11-28')).toEqual({ from: '2025-12', to: '2026-11' });
    expect(reportPeriod({}, '2026-12-01')).toEqual({ from: '2026-01', to: '2026-12' });
    expect(reportPeriod({ to: '2026-06' }, '2026-11-28')).toEqual({
      from: '2025-07',
      to: '2026-06',
    });
  });

  it('refuses months that are not months, a period backwards, or longer than three years', () => {
    for (const input of [
      { from: '2026-13' },
      { to: '26-01' },
      { from: '2026-11', to: '2026-10' },
      { from: '2020-01', to: '2026-11' },
      { from: ['2026-01'] },
    ]) {
      expect(() => reportPeriod(input, '2026-11-28')).toThrow('Uppgifterna kunde inte tas emot');
    }
  });
});
