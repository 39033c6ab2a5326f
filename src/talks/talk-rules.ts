import type { FieldProblem } from '../common/errors/domain-error';
import { isIsoDate, stockholmInstant, TIME_ZONE } from '../common/stockholm';
import { expandLigatures, refusedCharacterProblem } from '../common/text-characters';
import type { PersonName } from '../content-guard/categories';
import { checkText, explanationOf } from '../content-guard/check-text';

/**
 * The rules of booking development talks, pure: which guardians share a household, when a
 * booking clashes, and the series of times a mentor publishes at once.
 */

/** A guardian as the household rule sees them: who they said they book talks together with. */
export interface HouseholdMember {
  readonly personId: string;
  /** The guardians this one has said they book together with (`talk_household`). */
  readonly sharesWith: ReadonlySet<string>;
}

/**
 * The household rule. Two guardians of a child are one household when each has said, on the
 * booking page, that they book talks together with the other; then they share one booking,
 * and either may move or cancel it. Otherwise each guardian is a household of their own and
 * books their own talk (guardians in separate households each get a talk). One guardian's word
 * alone joins nobody: a guardian can never see, move or cancel the booking of a guardian who
 * has not said so of them — in a separation that matters.
 */
export function sameHousehold(a: HouseholdMember, b: HouseholdMember): boolean {
  return (
    a.personId === b.personId || (a.sharesWith.has(b.personId) && b.sharesWith.has(a.personId))
  );
}

/** The guardians (ids) of `members` that share a household with `me` (`me` included). */
export function householdOf(me: HouseholdMember, members: readonly HouseholdMember[]): Set<string> {
  return new Set([
    me.personId,
    ...members.filter((member) => sameHousehold(me, member)).map((m) => m.personId),
  ]);
}

/** A time as the clash rules see it. */
export interface TalkTime {
  readonly startsAt: Date;
  readonly minutes: number;
}

/** A booking as the clash rules see it. */
export interface BookedTalk extends TalkTime {
  readonly bookingId: string;
  readonly slotId: string;
  readonly pupilId: string;
}

export function endOf(time: TalkTime): Date {
  return new Date(time.startsAt.getTime() + time.minutes * 60_000);
}

/** Two times overlap when each starts before the other ends (back to back is no clash). */
export function overlaps(a: TalkTime, b: TalkTime): boolean {
  return a.startsAt < endOf(b) && b.startsAt < endOf(a);
}

export type BookingClash =
  /** The time has started or passed. */
  | { readonly kind: 'past' }
  /** Another family (or another household of the same child) has it. */
  | { readonly kind: 'taken' }
  /** The household's booking for this child is already this time. */
  | { readonly kind: 'same' }
  /** The household's own booking has already been held: it is not moved any more. */
  | { readonly kind: 'held' }
  /** The household has another child's talk at an overlapping time. */
  | { readonly kind: 'overlap'; readonly with: BookedTalk };

/**
 * Whether the household may book (or move its booking to) `slot` for `pupilId` at `now`.
 * `takenBy`: the booking that has the time now, if any. `own`: the household's booking for
 * this child, if any (a move). `others`: the household's bookings for its other children.
 */
export function checkBooking(input: {
  readonly slot: TalkTime & { readonly slotId: string };
  readonly pupilId: string;
  readonly now: Date;
  readonly takenBy: BookedTalk | null;
  readonly own: BookedTalk | null;
  readonly others: readonly BookedTalk[];
}): BookingClash | null {
  const { slot, own } = input;
  if (own !== null && own.startsAt <= input.now) {
    return { kind: 'held' };
  }
  if (own !== null && own.slotId === slot.slotId) {
    return { kind: 'same' };
  }
  if (slot.startsAt <= input.now) {
    return { kind: 'past' };
  }
  // The household's own bookings first: a time one of its other children has is an overlap
  // (named), not another family's.
  const clash = input.others.find(
    (other) => other.pupilId !== input.pupilId && overlaps(slot, other),
  );
  if (clash) {
    return { kind: 'overlap', with: clash };
  }
  return input.takenBy !== null && input.takenBy.bookingId !== own?.bookingId
    ? { kind: 'taken' }
    : null;
}

/** Whether the household may cancel its booking at `now`: not once the talk has started. */
export function canCancel(own: TalkTime, now: Date): boolean {
  return own.startsAt > now;
}

const DAY_AND_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const CLOCK = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "tisdag 15 december 2026" in Sweden. */
export function talkDay(instant: Date): string {
  return DAY_AND_TIME.format(instant);
}

/** "14.30" in Sweden (Swedish writes the clock with a full stop). */
export function talkClock(instant: Date): string {
  return CLOCK.format(instant).replace(':', '.');
}

/** "tisdag 15 december 2026 kl. 14.30–15.00". */
export function talkWhen(time: TalkTime): string {
  return `${talkDay(time.startsAt)} kl. ${talkClock(time.startsAt)}–${talkClock(endOf(time))}`;
}

/** What a guardian is told about a clash, in Swedish. `childName` names the other child (own family). */
export function clashMessage(clash: BookingClash, childName: (pupilId: string) => string): string {
  switch (clash.kind) {
    case 'past':
      return 'Tiden har redan varit. Välj en tid som inte har passerat.';
    case 'taken':
      return 'Tiden är redan bokad av en annan familj. Välj en annan ledig tid.';
    case 'same':
      return 'Ni har redan den här tiden.';
    case 'held':
      return 'Samtalet har redan börjat eller varit och kan inte flyttas eller avbokas här. Kontakta mentorn.';
    case 'overlap':
      return `Tiden krockar med samtalet för ${childName(clash.with.pupilId)} ${talkWhen(clash.with)}. Välj en tid som inte krockar.`;
  }
}

/** What a mentor asks for in one go: one day, the first and last start, the length, the place. */
export interface SlotSeriesInput {
  readonly day: string;
  readonly firstStart: string;
  readonly lastStart: string;
  readonly minutes: string;
  readonly place: string;
}

export const MAX_SLOTS_AT_ONCE = 40;
export const MAX_PLACE_LENGTH = 200;
const CLOCK_TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

function minutesOfDay(value: string): number | null {
  const match = CLOCK_TIME.exec(value.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function clockOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The times a series names: from the first start to the last, one talk after the other
 * (`minutes` apart), or the Swedish problems with the form, field by field.
 */
export function planSlotSeries(
  input: SlotSeriesInput,
  now: Date,
  guard: { readonly staff: readonly PersonName[] } = { staff: [] },
):
  | {
      readonly ok: true;
      readonly starts: readonly Date[];
      readonly minutes: number;
      readonly place: string;
    }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, label: string, text: string): void => {
    problems.push({ field, label, problems: [text] });
  };
  const day = input.day.trim();
  if (!isIsoDate(day)) {
    problem('day', 'Dag', 'Dag ska vara ett datum, till exempel 2027-01-19.');
  }
  const first = minutesOfDay(input.firstStart);
  const last = minutesOfDay(input.lastStart);
  if (first === null) {
    problem('firstStart', 'Första samtalet börjar', 'Skriv en tid, till exempel 14.00.');
  }
  if (last === null) {
    problem('lastStart', 'Sista samtalet börjar', 'Skriv en tid, till exempel 16.30.');
  }
  const minutes = /^\d{1,3}$/.test(input.minutes.trim()) ? Number(input.minutes.trim()) : NaN;
  if (!(minutes >= 5 && minutes <= 240)) {
    problem('minutes', 'Längd', 'Längden ska vara mellan 5 och 240 minuter.');
  }
  const place = expandLigatures(input.place.trim());
  const placeProblem = checkPlace(place, guard);
  if (placeProblem !== null) {
    problem('place', 'Plats', placeProblem);
  }
  if (first !== null && last !== null && last < first) {
    problem('lastStart', 'Sista samtalet börjar', 'Sista samtalet kan inte börja före det första.');
  }
  if (problems.length > 0 || first === null || last === null) {
    return { ok: false, problems };
  }
  const starts: Date[] = [];
  for (let at = first; at <= last; at += minutes) {
    starts.push(stockholmInstant(day, clockOf(at)));
  }
  if (starts.length > MAX_SLOTS_AT_ONCE) {
    return {
      ok: false,
      problems: [
        {
          field: 'lastStart',
          label: 'Sista samtalet börjar',
          problems: [`Högst ${MAX_SLOTS_AT_ONCE} tider åt gången.`],
        },
      ],
    };
  }
  if (starts[0] <= now) {
    return {
      ok: false,
      problems: [
        {
          field: 'day',
          label: 'Dag',
          problems: ['Tiderna har redan passerat. Välj en dag och tid framåt.'],
        },
      ],
    };
  }
  return { ok: true, starts, minutes, place };
}

/**
 * The place is free text that guardians read: the content guard checks it as it checks a plan's
 * texts (no names of pupils, no health, no identifiers…), and hidden characters are refused.
 * Null when it may be published.
 */
export function checkPlace(
  place: string,
  guard: { readonly staff: readonly PersonName[] } = { staff: [] },
): string | null {
  if (place === '') {
    return 'Skriv var samtalet hålls, till exempel ”Klassrum 4A”.';
  }
  if (place.length > MAX_PLACE_LENGTH) {
    return `Platsen får vara högst ${MAX_PLACE_LENGTH} tecken.`;
  }
  const hidden = refusedCharacterProblem(place);
  if (hidden !== null) {
    return `Platsen ${hidden}`;
  }
  const [finding] = checkText(place, { staff: guard.staff });
  return finding ? `”${finding.match}”: ${explanationOf(finding.category)}` : null;
}
