import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canAccessPupil } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor, PupilFacts } from '../auth/actor';
import {
  AccessRefusedError,
  DomainError,
  ErrorCode,
  NotFoundError,
} from '../common/errors/domain-error';
import { stockholmInstant, stockholmToday } from '../common/stockholm';
import { ClassListQueries } from '../directory/class-list.queries';
import { DirectoryQueries } from '../directory/directory.queries';
import { hasProtectedIdentity } from '../directory/directory.types';
import { PersonNamesQueries } from '../directory/person-names.queries';
import { PlansService } from '../plans/plans.service';
import {
  canCancel,
  checkBooking,
  endOf,
  clashMessage,
  householdOf,
  talkClock,
  talkDay,
  talkWhen,
} from './talk-rules';
import type { BookingClash } from './talk-rules';
import { TalkNotices } from './talk-notices';
import { BookingWithSlot, TalksRepository } from './talks.repository';

export const CHILD_NOT_FOUND = 'Barnet finns inte, eller så kan du inte boka samtal för barnet.';
export const SLOT_NOT_FOUND = 'Tiden finns inte längre. Välj en annan tid.';
const GUARDIANS_ONLY = 'Sidan finns bara för vårdnadshavare.';

/** A time as a guardian sees it: free, taken (by whom is never said), or their own family's. */
export interface GuardianSlotView {
  readonly slotId: string;
  readonly day: string;
  readonly clock: string;
  readonly when: string;
  readonly place: string;
  readonly status: 'free' | 'taken' | 'own' | 'sibling';
  /** For `sibling`: which of the guardian's own children has it. */
  readonly siblingName: string | null;
}

export interface ChildTalksView {
  readonly pupilId: string;
  readonly givenName: string;
  readonly name: string;
  readonly booking: {
    readonly when: string;
    readonly place: string;
    readonly startsAt: string;
    readonly bookedByMe: boolean;
    readonly mayChange: boolean;
  } | null;
  readonly slots: readonly GuardianSlotView[];
}

/** Another guardian of the guardian's children, and whether the two book talks together. */
export interface HouseholdChoice {
  readonly personId: string;
  readonly name: string;
  /** together: both said so; asked-by-me / asked-by-them: one has; apart: neither. */
  readonly state: 'together' | 'asked-by-me' | 'asked-by-them' | 'apart';
}

/** What a guardian did, for the page's message. */
export type BookingOutcome = { readonly kind: 'booked' | 'moved' | 'same'; readonly when: string };

/** A guardian's bookings: the household's booking for each child, the group's times, changes. */
@Injectable()
export class TalkBookingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: TalksRepository,
    private readonly directory: DirectoryQueries,
    private readonly classLists: ClassListQueries,
    private readonly names: PersonNamesQueries,
    private readonly plans: PlansService,
    private readonly audit: AuditService,
    private readonly notices: TalkNotices,
  ) {}

  /** Every child of the guardian with their groups' times from today on, and the household's booking. */
  async readOverview(actor: Actor, now = new Date()): Promise<ChildTalksView[]> {
    if (!actor.roles.has('guardian')) {
      throw new NotFoundError(GUARDIANS_ONLY);
    }
    const facts = await this.directory.findPupilFactsMany([...actor.guardianOf]);
    const children = [...facts.values()].filter((pupil) =>
      canAccessPupil(actor, 'talk.book', pupil),
    );
    const childIds = children.map((child) => child.pupilId);
    const [summaries, household, bookings, slots] = await Promise.all([
      this.directory.findPupilSummaries(childIds),
      this.householdOf(actor, childIds),
      this.repository.findBookingsOfPupils(childIds),
      this.repository.findSlots(
        [...new Set(children.flatMap((child) => [...child.groupIds]))],
        stockholmInstant(stockholmToday(now), '00:00'),
      ),
    ]);
    const nameOf = new Map(summaries.map((pupil) => [pupil.id, pupil]));
    const mine = (booking: { pupilId: string; bookedByPersonId: string }): boolean =>
      actor.guardianOf.has(booking.pupilId) && household.has(booking.bookedByPersonId);
    for (const child of children) {
      await this.audit.recordNow({
        action: 'talk.overview.read',
        actor: auditActor(actor),
        pupilId: child.pupilId,
        targetType: 'pupil',
        targetId: child.pupilId,
      });
    }
    return summaries.map((pupil) => {
      const groupIds = facts.get(pupil.id)?.groupIds ?? new Set<string>();
      const own = ownBooking(bookings, pupil.id, household, now);
      return {
        pupilId: pupil.id,
        givenName: pupil.givenName,
        name: `${pupil.givenName} ${pupil.familyName}`,
        booking: own
          ? {
              when: talkWhen(own),
              place: own.place,
              startsAt: own.startsAt.toISOString(),
              bookedByMe: own.bookedByPersonId === actor.personId,
              mayChange: canCancel(own, now),
            }
          : null,
        slots: slots
          .filter((slot) => groupIds.has(slot.groupId) && slot.startsAt > now)
          .map((slot) => {
            const booking = slot.booking;
            const status: GuardianSlotView['status'] =
              booking === null
                ? 'free'
                : !mine(booking)
                  ? 'taken'
                  : booking.pupilId === pupil.id
                    ? 'own'
                    : 'sibling';
            return {
              slotId: slot.slotId,
              day: talkDay(slot.startsAt),
              clock: `${talkClock(slot.startsAt)}–${talkClock(new Date(slot.startsAt.getTime() + slot.minutes * 60_000))}`,
              when: talkWhen(slot),
              place: slot.place,
              status,
              siblingName:
                status === 'sibling' && booking
                  ? (nameOf.get(booking.pupilId)?.givenName ?? null)
                  : null,
            };
          }),
      };
    });
  }

  /**
   * Books `slotId` for the child, or moves the household's booking there. Under the pupil's and
   * the household's locks and the time's row lock: the clash rules see every booking committed
   * before, and of two guardians booking one time at once exactly one wins (the other is told
   * the time is taken). The plan's talk date follows in the same transaction.
   */
  async book(
    actor: Actor,
    pupilId: string,
    slotId: string,
    now = new Date(),
  ): Promise<BookingOutcome> {
    const facts = await this.requireChild(actor, pupilId);
    const childIds = [...actor.guardianOf];
    const household = await this.householdOf(actor, childIds);
    const emailIds: string[] = [];
    const outcome = await this.em.fork().transactional(async (em) => {
      await this.repository.lockPeople(em, facts.pupilId, [...household].sort());
      const slot = await this.repository.lockSlot(em, slotId);
      if (!slot || !facts.groupIds.has(slot.groupId)) {
        throw new NotFoundError(SLOT_NOT_FOUND);
      }
      const bookings = await this.repository.findBookingsOfPupils(childIds, em);
      const own = ownBooking(bookings, facts.pupilId, household, now);
      const clash = checkBooking({
        slot,
        pupilId: facts.pupilId,
        now,
        takenBy: await this.repository.findBookingOnSlot(em, slot.slotId),
        own,
        others: notOver(bookings, now).filter(
          (booking) => booking.pupilId !== facts.pupilId && household.has(booking.bookedByPersonId),
        ),
      });
      if (clash?.kind === 'same') {
        return { kind: 'same', when: talkWhen(slot), bookingId: own!.bookingId } as const;
      }
      if (clash !== null) {
        throw await this.refusal(clash);
      }
      const before = earliestDay(bookings, facts.pupilId, now);
      let bookingId: string;
      if (own) {
        await this.repository.moveBooking(em, {
          bookingId: own.bookingId,
          slotId: slot.slotId,
          bookedBy: actor.personId,
        });
        bookingId = own.bookingId;
      } else {
        const inserted = await this.repository.insertBooking(em, {
          slotId: slot.slotId,
          pupilId: facts.pupilId,
          bookedBy: actor.personId,
        });
        if (inserted === null) {
          throw await this.refusal({ kind: 'taken' });
        }
        bookingId = inserted;
      }
      const after = earliestDay(
        await this.repository.findBookingsOfPupils([facts.pupilId], em),
        facts.pupilId,
        now,
      );
      await this.plans.applyBookedTalkDate(em, {
        actor,
        pupilId: facts.pupilId,
        booked: after,
        previousBooked: before,
      });
      await this.audit.record(em, {
        action: own ? 'talk.booking.moved' : 'talk.booking.created',
        actor: auditActor(actor),
        pupilId: facts.pupilId,
        targetType: 'talk_booking',
        targetId: bookingId,
        details: { slotId: slot.slotId },
      });
      emailIds.push(
        ...(await this.notices.bookedOrMoved(em, {
          actor,
          pupilId: facts.pupilId,
          household: [...household],
        })),
      );
      return { kind: own ? 'moved' : 'booked', when: talkWhen(slot), bookingId } as const;
    });
    await this.notices.dispatch(emailIds);
    return { kind: outcome.kind, when: outcome.when };
  }

  /** Cancels the household's booking for the child (not once the talk has started). */
  async cancel(actor: Actor, pupilId: string, now = new Date()): Promise<{ when: string }> {
    const facts = await this.requireChild(actor, pupilId);
    const household = await this.householdOf(actor, [...actor.guardianOf]);
    return this.em.fork().transactional(async (em) => {
      await this.repository.lockPeople(em, facts.pupilId, [...household].sort());
      const bookings = await this.repository.findBookingsOfPupils([facts.pupilId], em);
      const own = ownBooking(bookings, facts.pupilId, household, now);
      if (!own) {
        throw new DomainError(ErrorCode.InvalidState, 'Ni har ingen bokad tid att avboka.');
      }
      if (!canCancel(own, now)) {
        throw await this.refusal({ kind: 'held' });
      }
      await this.repository.deleteBooking(em, own.bookingId);
      await this.plans.applyBookedTalkDate(em, {
        actor,
        pupilId: facts.pupilId,
        booked: earliestDay(
          bookings.filter((booking) => booking.bookingId !== own.bookingId),
          facts.pupilId,
          now,
        ),
        previousBooked: earliestDay(bookings, facts.pupilId, now),
      });
      await this.audit.record(em, {
        action: 'talk.booking.cancelled',
        actor: auditActor(actor),
        pupilId: facts.pupilId,
        targetType: 'talk_booking',
        targetId: own.bookingId,
        details: { slotId: own.slotId },
      });
      return { when: talkWhen(own) };
    });
  }

  /** The child, if the policy lets this person book for them; else "not found". */
  private async requireChild(actor: Actor, pupilId: string): Promise<PupilFacts> {
    const facts = await this.directory.findPupilFacts(pupilId);
    if (!facts) {
      throw new NotFoundError(CHILD_NOT_FOUND);
    }
    if (!canAccessPupil(actor, 'talk.book', facts)) {
      throw new AccessRefusedError(CHILD_NOT_FOUND, {
        action: 'talk.book',
        targetType: 'pupil',
        targetId: facts.pupilId,
        pupilId: facts.pupilId,
      });
    }
    return facts;
  }

  /**
   * The other guardians of the guardian's children whom they may book together with, and how
   * each stands. Nobody with protected identity is offered, nor offered anyone: such a guardian
   * books alone, and is never named to the other.
   */
  async readHouseholdChoices(actor: Actor): Promise<HouseholdChoice[]> {
    if (!actor.roles.has('guardian')) {
      throw new NotFoundError(GUARDIANS_ONLY);
    }
    const others = await this.otherGuardians(actor);
    if (others.size === 0) {
      return [];
    }
    const sharing = await this.repository.findSharing([actor.personId, ...others.keys()]);
    const mine = sharing.get(actor.personId) ?? new Set<string>();
    return [...others]
      .map(([personId, name]) => {
        const theirs = sharing.get(personId)?.has(actor.personId) ?? false;
        const state: HouseholdChoice['state'] = mine.has(personId)
          ? theirs
            ? 'together'
            : 'asked-by-me'
          : theirs
            ? 'asked-by-them'
            : 'apart';
        return { personId, name, state };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  /**
   * The guardian says they book together with another guardian of their children, or takes it
   * back (for both). Audited; another person than those offered answers not found.
   */
  async setHouseholdSharing(
    actor: Actor,
    otherId: string,
    together: boolean,
  ): Promise<{ name: string; state: HouseholdChoice['state'] }> {
    const choices = await this.readHouseholdChoices(actor);
    const other = choices.find((choice) => choice.personId === otherId);
    if (!other) {
      throw new NotFoundError('Vårdnadshavaren finns inte bland dina barns vårdnadshavare.');
    }
    await this.em.fork().transactional(async (em) => {
      const changed = together
        ? await this.repository.addSharing(em, actor.personId, otherId)
        : (await this.repository.removeSharing(em, actor.personId, otherId)) > 0;
      if (changed) {
        await this.audit.record(em, {
          action: together ? 'talk.household.joined' : 'talk.household.left',
          actor: auditActor(actor),
          targetType: 'person',
          targetId: otherId,
        });
      }
    });
    const after = (await this.readHouseholdChoices(actor)).find((c) => c.personId === otherId);
    return { name: other.name, state: after?.state ?? 'apart' };
  }

  /** The other guardians (without protected identity) of the actor's children, by name. */
  private async otherGuardians(actor: Actor): Promise<Map<string, string>> {
    const guardiansOf = await this.directory.findGuardianIds([...actor.guardianOf]);
    const people = await this.names.findPersonNames([
      actor.personId,
      ...[...guardiansOf.values()].flat(),
    ]);
    const me = people.get(actor.personId);
    if (!me || hasProtectedIdentity(me.securityMarking)) {
      return new Map();
    }
    return new Map(
      [...people]
        .filter(
          ([id, person]) => id !== actor.personId && !hasProtectedIdentity(person.securityMarking),
        )
        .map(([id, person]) => [id, person.name]),
    );
  }

  /**
   * The guardians who share this guardian's household (`talk-rules.ts`): themself, and the
   * other guardians of their children who each said they book together with the other.
   */
  private async householdOf(actor: Actor, childIds: readonly string[]): Promise<Set<string>> {
    const guardiansOf = await this.directory.findGuardianIds(childIds);
    const people = [...new Set([actor.personId, ...[...guardiansOf.values()].flat()])];
    const sharing = await this.repository.findSharing(people);
    const member = (personId: string) => ({
      personId,
      sharesWith: sharing.get(personId) ?? new Set<string>(),
    });
    return householdOf(member(actor.personId), people.map(member));
  }

  /** A clash in Swedish; the other child named by first name (it is the guardian's own child). */
  private async refusal(clash: BookingClash): Promise<DomainError> {
    let childName = 'ett annat av dina barn';
    if (clash.kind === 'overlap') {
      const person = await this.classLists.findPersonIdentity(clash.with.pupilId);
      childName = person?.givenName ?? childName;
    }
    const message = clashMessage(clash, () => childName);
    return new DomainError(
      clash.kind === 'past' || clash.kind === 'held' ? ErrorCode.InvalidState : ErrorCode.Conflict,
      message,
    );
  }
}

/**
 * The household's booking for the child not yet over (the earliest, should there be more), or
 * null. A talk that is over is history: it is neither moved nor in the way of the next booking.
 */
function ownBooking(
  bookings: readonly BookingWithSlot[],
  pupilId: string,
  household: ReadonlySet<string>,
  now: Date,
): BookingWithSlot | null {
  return (
    notOver(bookings, now).find(
      (booking) => booking.pupilId === pupilId && household.has(booking.bookedByPersonId),
    ) ?? null
  );
}

/** The bookings whose talk has not ended at `now`. */
function notOver(bookings: readonly BookingWithSlot[], now: Date): BookingWithSlot[] {
  return bookings.filter((booking) => endOf(booking) > now);
}

/** The Swedish day of the pupil's earliest booked talk, or null: what the plan's talk date follows. */
export function earliestDay(
  bookings: readonly BookingWithSlot[],
  pupilId: string,
  now: Date,
): string | null {
  const first = notOver(bookings, now)
    .filter((booking) => booking.pupilId === pupilId)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  return first ? stockholmToday(first.startsAt) : null;
}
