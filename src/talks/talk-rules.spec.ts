import { stockholmInstant } from '../common/stockholm';
import {
  BookedTalk,
  canCancel,
  checkBooking,
  checkPlace,
  clashMessage,
  householdOf,
  overlaps,
  planSlotSeries,
  sameHousehold,
  talkWhen,
} from './talk-rules';

const at = (time: string, day = '2027-01-19'): Date => stockholmInstant(day, time);
const NOW = at('08:00');

function booked(id: string, pupilId: string, time: string, minutes = 30): BookedTalk {
  return { bookingId: `b-${id}`, slotId: `s-${id}`, pupilId, startsAt: at(time), minutes };
}

describe('the household rule', () => {
  const member = (personId: string, ...sharesWith: string[]) => ({
    personId,
    sharesWith: new Set(sharesWith),
  });

  it('joins two guardians only when each has said so of the other', () => {
    expect(sameHousehold(member('a', 'b'), member('b', 'a'))).toBe(true);
    // One guardian's word alone (in a separation, say) joins nobody.
    expect(sameHousehold(member('a', 'b'), member('b'))).toBe(false);
    expect(sameHousehold(member('a'), member('b', 'a'))).toBe(false);
    expect(sameHousehold(member('a'), member('a'))).toBe(true);
  });

  it('makes a household of those who said so of each other, and the others each their own', () => {
    const me = member('me', 'partner', 'other-parent');
    const members = [me, member('partner', 'me'), member('other-parent'), member('third', 'me')];
    expect([...householdOf(me, members)].sort()).toEqual(['me', 'partner']);
    expect([...householdOf(members[2], members)]).toEqual(['other-parent']);
    expect([...householdOf(members[3], members)]).toEqual(['third']);
  });
});

describe('clashes', () => {
  const slot = { slotId: 's-new', startsAt: at('14:00'), minutes: 30 };

  it('lets a household book a free time ahead', () => {
    expect(
      checkBooking({ slot, pupilId: 'p1', now: NOW, takenBy: null, own: null, others: [] }),
    ).toBeNull();
  });

  it('refuses a time another family has', () => {
    expect(
      checkBooking({
        slot,
        pupilId: 'p1',
        now: NOW,
        takenBy: booked('x', 'p9', '14:00'),
        own: null,
        others: [],
      }),
    ).toEqual({ kind: 'taken' });
  });

  it('refuses a time that has started or passed', () => {
    expect(
      checkBooking({
        slot,
        pupilId: 'p1',
        now: at('14:00'),
        takenBy: null,
        own: null,
        others: [],
      }),
    ).toEqual({ kind: 'past' });
  });

  it('refuses a second child’s talk that overlaps the first, and allows one back to back', () => {
    const sibling = booked('sib', 'p2', '13:45');
    expect(
      checkBooking({ slot, pupilId: 'p1', now: NOW, takenBy: null, own: null, others: [sibling] }),
    ).toEqual({ kind: 'overlap', with: sibling });
    expect(
      checkBooking({
        slot,
        pupilId: 'p1',
        now: NOW,
        takenBy: null,
        own: null,
        others: [booked('sib', 'p2', '13:30')],
      }),
    ).toBeNull();
  });

  it('names the own child whose time it is, rather than saying another family has it', () => {
    const sibling = booked('sib', 'p2', '14:00');
    expect(
      checkBooking({
        slot,
        pupilId: 'p1',
        now: NOW,
        takenBy: sibling,
        own: null,
        others: [sibling],
      }),
    ).toEqual({ kind: 'overlap', with: sibling });
  });

  it('moves the household’s own booking, and says so when it is the same time', () => {
    const own = booked('own', 'p1', '10:00');
    expect(
      checkBooking({ slot, pupilId: 'p1', now: NOW, takenBy: null, own, others: [] }),
    ).toBeNull();
    expect(
      checkBooking({
        slot: { ...slot, slotId: own.slotId },
        pupilId: 'p1',
        now: NOW,
        takenBy: own,
        own,
        others: [],
      }),
    ).toEqual({ kind: 'same' });
  });

  it('does not move or cancel a talk that has started', () => {
    const own = booked('own', 'p1', '07:45');
    expect(checkBooking({ slot, pupilId: 'p1', now: NOW, takenBy: null, own, others: [] })).toEqual(
      { kind: 'held' },
    );
    expect(canCancel(own, NOW)).toBe(false);
    expect(canCancel(booked('later', 'p1', '09:00'), NOW)).toBe(true);
  });

  it('treats back-to-back times as no overlap', () => {
    expect(overlaps(booked('a', 'p', '10:00'), booked('b', 'p', '10:30'))).toBe(false);
    expect(overlaps(booked('a', 'p', '10:00'), booked('b', 'p', '10:29'))).toBe(true);
  });

  it('says each clash in Swedish, naming only the family’s own child', () => {
    expect(clashMessage({ kind: 'taken' }, () => 'x')).toBe(
      'Tiden är redan bokad av en annan familj. Välj en annan ledig tid.',
    );
    expect(clashMessage({ kind: 'overlap', with: booked('s', 'p2', '13:45') }, () => 'Maja')).toBe(
      'Tiden krockar med samtalet för Maja tisdag 19 januari 2027 kl. 13.45–14.15. Välj en tid som inte krockar.',
    );
    expect(clashMessage({ kind: 'past' }, () => 'x')).toContain('redan varit');
  });
});

describe('a series of times', () => {
  const input = {
    day: '2027-01-19',
    firstStart: '14:00',
    lastStart: '15.30',
    minutes: '30',
    place: 'Klassrum 4A',
  };

  it('lays the talks one after the other from the first start to the last', () => {
    const series = planSlotSeries(input, NOW);
    expect(series.ok).toBe(true);
    if (series.ok) {
      expect(series.starts.map((start) => talkWhen({ startsAt: start, minutes: 30 }))).toEqual([
        'tisdag 19 januari 2027 kl. 14.00–14.30',
        'tisdag 19 januari 2027 kl. 14.30–15.00',
        'tisdag 19 januari 2027 kl. 15.00–15.30',
        'tisdag 19 januari 2027 kl. 15.30–16.00',
      ]);
    }
  });

  it('keeps Swedish summer time', () => {
    const series = planSlotSeries({ ...input, day: '2027-06-01', lastStart: '14:00' }, NOW);
    expect(series.ok && series.starts[0].toISOString()).toBe('2027-06-01T12:00:00.000Z');
  });

  it('names each wrong field in Swedish', () => {
    const series = planSlotSeries(
      { day: '2027-02-30', firstStart: '25:00', lastStart: '', minutes: '2', place: '' },
      NOW,
    );
    expect(series.ok).toBe(false);
    if (!series.ok) {
      expect(series.problems.map((problem) => problem.field)).toEqual([
        'day',
        'firstStart',
        'lastStart',
        'minutes',
        'place',
      ]);
    }
  });

  it('refuses times that have passed, a last start before the first, and too many at once', () => {
    expect(planSlotSeries({ ...input, day: '2027-01-18' }, NOW).ok).toBe(false);
    expect(planSlotSeries({ ...input, lastStart: '13:00' }, NOW).ok).toBe(false);
    expect(
      planSlotSeries({ ...input, firstStart: '00:00', lastStart: '23:55', minutes: '5' }, NOW).ok,
    ).toBe(false);
  });

  it('checks the place with the content guard and refuses hidden characters', () => {
    expect(checkPlace('Klassrum 4A')).toBeNull();
    expect(checkPlace('Ring mig på 070-123 45 67')).not.toBeNull();
    expect(checkPlace('Rum\u202e 12')).toContain('Platsen');
    expect(
      checkPlace('Hos Anna Berg, rum 12', { staff: [{ givenName: 'Anna', familyName: 'Berg' }] }),
    ).toBeNull();
  });
});
