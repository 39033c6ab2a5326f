import {
  appealDeadline,
  appealGoesToCourt,
  appealHoldAtDelivery,
  appealHoldEndsOn,
  notifiedOfDecisionOn,
  computeDeadlines,
  deadlineAlerts,
  extendForWaiting,
  firstActionAlerts,
  forwardDue,
  isOverdue,
  LATE_APPEAL_EXCEPTIONS,
  LateAppealException,
  lateAppealExceptionLabel,
  nextStatus,
  publicStatus,
  RequestAction,
  RequestStatus,
} from './request-lifecycle';

const STATUSES: RequestStatus[] = [
  'received',
  'in_review',
  'awaiting_clarification',
  'decided',
  'delivered',
  'withdrawn',
];

describe('the request state machine', () => {
  it.each<[RequestStatus, RequestAction, RequestStatus | null]>([
    ['received', 'claim', 'in_review'],
    ['in_review', 'claim', 'in_review'],
    ['decided', 'claim', null],
    ['in_review', 'ask_clarification', 'awaiting_clarification'],
    ['awaiting_clarification', 'decide_item', null],
    ['awaiting_clarification', 'clarification_received', 'in_review'],
    ['received', 'decide_item', 'in_review'],
    ['in_review', 'complete_decision', 'decided'],
    ['received', 'complete_decision', null],
    ['decided', 'deliver', 'delivered'],
    ['delivered', 'deliver', null],
    ['delivered', 'ask_clarification', null],
    ['received', 'withdraw', 'withdrawn'],
    ['in_review', 'withdraw', 'withdrawn'],
    ['awaiting_clarification', 'withdraw', 'withdrawn'],
    ['decided', 'withdraw', null],
    ['delivered', 'withdraw', null],
    ['withdrawn', 'withdraw', null],
    ['received', 'close_without_records', 'decided'],
    ['in_review', 'close_without_records', 'decided'],
    ['awaiting_clarification', 'close_without_records', 'decided'],
    ['decided', 'close_without_records', null],
    ['delivered', 'close_without_records', null],
    ['withdrawn', 'close_without_records', null],
    ['received', 'deliver_part', 'in_review'],
    ['in_review', 'deliver_part', 'in_review'],
    ['awaiting_clarification', 'deliver_part', 'awaiting_clarification'],
    ['decided', 'deliver_part', null],
    ['delivered', 'deliver_part', null],
    ['withdrawn', 'deliver_part', null],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it('nothing leaves a delivered request', () => {
    const actions: RequestAction[] = [
      'claim',
      'ask_clarification',
      'clarification_received',
      'decide_item',
      'complete_decision',
      'deliver',
    ];
    expect(actions.map((action) => nextStatus('delivered', action))).toEqual(
      actions.map(() => null),
    );
  });

  it('nothing leaves a withdrawn request, not even an appeal', () => {
    const actions: RequestAction[] = [
      'claim',
      'ask_clarification',
      'clarification_received',
      'decide_item',
      'complete_decision',
      'deliver',
      'deliver_part',
      'appeal',
      'extend',
      'book_viewing',
      'withdraw',
      'close_without_records',
    ];
    expect(actions.map((action) => nextStatus('withdrawn', action))).toEqual(
      actions.map(() => null),
    );
  });

  it('tells the requester every status in Swedish', () => {
    for (const status of STATUSES) {
      expect(publicStatus(status).label).toMatch(/[A-ZÅÄÖ]/);
    }
  });
});

describe('deadlines', () => {
  const rules = { firstActionWorkingDays: 0, decisionWorkingDays: 2 };

  it('first action the same working day, decision within two working days', () => {
    expect(computeDeadlines('2026-11-26', rules)).toEqual({
      firstActionDue: '2026-11-26',
      decisionDue: '2026-11-30',
    });
  });

  it('a request that comes on a Saturday is due from Monday', () => {
    expect(computeDeadlines('2026-11-28', rules)).toEqual({
      firstActionDue: '2026-11-30',
      decisionDue: '2026-12-02',
    });
  });

  it('a request before midsommar is decided after it', () => {
    expect(computeDeadlines('2026-06-18', rules).decisionDue).toBe('2026-06-23');
  });

  it('waiting for the requester moves the decision by the working days waited', () => {
    expect(extendForWaiting('2026-12-01', '2026-11-30', '2026-12-03')).toEqual({
      decisionDue: '2026-12-04',
      waitedWorkingDays: 3,
    });
  });

  it('is overdue only after the due day', () => {
    expect(isOverdue('2026-11-30', '2026-11-30')).toBe(false);
    expect(isOverdue('2026-11-30', '2026-12-01')).toBe(true);
  });
});

describe('the appeal deadline (three weeks, förvaltningslagen 44 §)', () => {
  it('is three weeks after the day the decision was received', () => {
    expect(appealDeadline('2026-11-30')).toBe('2026-12-21');
  });

  it('moves to the next working day when it falls on a weekend or holiday', () => {
    // Three weeks after 2026-12-05 (Saturday) is a Saturday: Monday counts.
    expect(appealDeadline('2026-12-05')).toBe('2026-12-28');
    // Three weeks after 2026-12-03 is Christmas Eve: the next working day is 28 December.
    expect(appealDeadline('2026-12-03')).toBe('2026-12-28');
  });
});

describe('how long a delivered request holds its records for an appeal', () => {
  const hold = (delivery: 'on_site' | 'paper' | 'electronic', postMarginWorkingDays = 2) =>
    appealHoldAtDelivery({
      deliveredOn: '2026-11-30',
      delivery,
      postMarginWorkingDays,
      downloadLinkDays: 14,
    });

  it('on site: three weeks from the day, plus the post margin for an appeal sent on the last day', () => {
    expect(hold('on_site', 0)).toBe('2026-12-21');
    // 21 December, then two working days: 22 and 23 December.
    expect(hold('on_site')).toBe('2026-12-23');
  });

  it('by post: the requester learns of it the margin later, and the appeal may arrive the margin late', () => {
    // Sent Monday 30 November, received Wednesday 2 December; three weeks: 23 December;
    // Christmas Eve to Sunday the 27th are not working days, so 28 and 29 December.
    expect(hold('paper')).toBe('2026-12-29');
  });

  it('electronically: counted from the download link’s last day, the latest the requester can read it', () => {
    // 14 December, three weeks: 4 January; then 5 and 7 January (6 January is a holiday).
    expect(hold('electronic')).toBe('2027-01-07');
  });
});

describe('the day the requester took part of the decision (the three weeks count from it)', () => {
  const notified = (
    delivery: 'on_site' | 'paper' | 'electronic',
    deliveredOn: string | null,
    decisionSeenOn: string | null = null,
  ) =>
    notifiedOfDecisionOn({
      delivery,
      decidedOn: '2026-11-27',
      deliveredOn,
      decisionSeenOn,
      postMarginWorkingDays: 2,
    });

  it('on site the day itself, by post the margin later (working days)', () => {
    expect(notified('on_site', '2026-12-04')).toBe('2026-12-04');
    // Friday 4 December, two working days: Monday 7 and Tuesday 8 December.
    expect(notified('paper', '2026-12-04')).toBe('2026-12-08');
  });

  it('electronically the first download of the decision, and not before', () => {
    expect(notified('electronic', '2026-12-04')).toBeNull();
    expect(notified('electronic', '2026-12-04', '2026-12-20')).toBe('2026-12-20');
  });

  it('a decision not yet delivered counts from the day it was made', () => {
    expect(notified('electronic', null)).toBe('2026-11-27');
  });

  it('a first download later than the link’s last day moves the hold on', () => {
    const atDelivery = appealHoldAtDelivery({
      deliveredOn: '2026-11-30',
      delivery: 'electronic',
      postMarginWorkingDays: 2,
      downloadLinkDays: 14,
    });
    expect(appealHoldEndsOn('2027-01-11', 2) > atDelivery).toBe(true);
    expect(appealHoldEndsOn('2027-01-11', 2)).toBe('2027-02-03');
  });
});

describe('deadline alerts', () => {
  it('reminds on the morning of the decision day and escalates on the next working morning', () => {
    // Friday 27 November 2026 (UTC+1): the escalation waits over the weekend.
    const alerts = deadlineAlerts('2026-11-27', 8);
    expect(alerts.reminderAt.toISOString()).toBe('2026-11-27T07:00:00.000Z');
    expect(alerts.escalationAt.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });

  it('skips holidays and keeps Swedish summer time', () => {
    // Midsommarafton 2027 is Friday 25 June: due Thursday 24 June, escalated Monday 28 June.
    const alerts = deadlineAlerts('2027-06-24', 9);
    expect(alerts.reminderAt.toISOString()).toBe('2027-06-24T07:00:00.000Z');
    expect(alerts.escalationAt.toISOString()).toBe('2027-06-28T07:00:00.000Z');
  });
});

describe('the first action’s and the forwarding’s alerts', () => {
  const hours = { reminderHour: 13, escalationHour: 8 };

  it('reminds in the afternoon of the day, escalates the next working morning', () => {
    // Friday 27 November 2026, received at 09:00 Swedish time (08:00 UTC).
    const alerts = firstActionAlerts('2026-11-27', new Date('2026-11-27T08:00:00Z'), hours);
    expect(alerts.reminderAt?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(alerts.escalationAt.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });

  it('does not remind of a request that came in after the reminder hour (its notice is fresh)', () => {
    const alerts = firstActionAlerts('2026-11-27', new Date('2026-11-27T14:30:00Z'), hours);
    expect(alerts.reminderAt).toBeNull();
    expect(alerts.escalationAt.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });

  it('a request in on a Saturday is due Monday and reminded then', () => {
    const alerts = firstActionAlerts('2026-11-30', new Date('2026-11-28T10:00:00Z'), hours);
    expect(alerts.reminderAt?.toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(alerts.escalationAt.toISOString()).toBe('2026-12-01T07:00:00.000Z');
  });

  it('forwards an appeal within the working days set, holidays skipped', () => {
    expect(forwardDue('2026-11-26', 1)).toBe('2026-11-27');
    // In on julafton (Thursday 24 December 2026): the next working day after it is Tuesday 29 December.
    expect(forwardDue('2026-12-24', 1)).toBe('2026-12-29');
    // Zero: the same working day, or the first one after a day off.
    expect(forwardDue('2026-11-28', 0)).toBe('2026-11-30');
  });
});

describe('extension and viewing', () => {
  it('lets an open request be extended and a decided one booked for viewing, nothing else', () => {
    expect(nextStatus('in_review', 'extend')).toBe('in_review');
    expect(nextStatus('awaiting_clarification', 'extend')).toBe('awaiting_clarification');
    expect(nextStatus('decided', 'extend')).toBeNull();
    expect(nextStatus('decided', 'book_viewing')).toBe('decided');
    expect(nextStatus('delivered', 'book_viewing')).toBeNull();
  });
});

describe('a late appeal (förvaltningslagen 45 §)', () => {
  it.each<[boolean, LateAppealException | null, boolean]>([
    [true, null, true],
    [false, null, false],
    [false, 'notice_missing_or_wrong', true],
    [false, 'reached_court_in_time', true],
  ])('in time %s, exception %s: goes to the court %s', (inTime, lateException, toCourt) => {
    expect(appealGoesToCourt({ inTime, lateException })).toBe(toCourt);
  });

  it('names each exception in Swedish', () => {
    for (const exception of LATE_APPEAL_EXCEPTIONS) {
      expect(lateAppealExceptionLabel(exception)).toMatch(/^[a-zåäö ]+$/);
    }
  });
});
