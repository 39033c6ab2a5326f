import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { AuditService } from '../audit/audit.service';
import { canAccessGroup } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor, GroupFacts } from '../auth/actor';
import {
  AccessRefusedError,
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import { stockholmInstant, stockholmToday } from '../common/stockholm';
import { ClassListQueries } from '../directory/class-list.queries';
import { hasProtectedIdentity } from '../directory/directory.types';
import { PersonNamesQueries } from '../directory/person-names.queries';
import { PlanOverviewService } from '../plans/plan-overview.service';
import { planSlotSeries, SlotSeriesInput, talkClock, talkDay, endOf } from './talk-rules';
import { TalksRepository } from './talks.repository';

export const GROUP_NOT_FOUND = 'Gruppen finns inte, eller så är du inte mentor för den.';
const MENTORS_ONLY = 'Sidan finns bara för mentorer.';
/** As staff pages show a guardian with protected identity (templates/pupils/show.njk). */
export const PROTECTED_GUARDIAN = 'Vårdnadshavare med skyddade personuppgifter';

export interface MentorSlotView {
  readonly slotId: string;
  readonly day: string;
  readonly clock: string;
  readonly place: string;
  readonly past: boolean;
  readonly booking: {
    readonly pupilName: string;
    readonly pupilProtected: boolean;
    readonly bookedBy: string;
    /** The plan's talk date as it is now, or why it is not written (no draft). */
    readonly planDate: string;
  } | null;
}

export interface MentorGroupView {
  readonly groupId: string;
  readonly name: string;
  readonly schoolUnitName: string;
  readonly slots: readonly MentorSlotView[];
  /** The group's pupils without a booked talk from today on. */
  readonly unbooked: readonly { readonly name: string; readonly isProtected: boolean }[];
}

/** A mentor's talk times: publish several at once, withdraw a free one, see the bookings. */
@Injectable()
export class TalkSlotsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: TalksRepository,
    private readonly groups: ClassListQueries,
    private readonly names: PersonNamesQueries,
    private readonly plans: PlanOverviewService,
    private readonly audit: AuditService,
  ) {}

  /** The groups this person is mentor of, for the start of the talk pages. */
  async listGroups(
    actor: Actor,
  ): Promise<{ groupId: string; name: string; schoolUnitName: string }[]> {
    if (actor.mentorGroupIds.size === 0) {
      throw new NotFoundError(MENTORS_ONLY);
    }
    const groups = [];
    for (const groupId of actor.mentorGroupIds) {
      const heading = await this.groups.findGroupHeading(groupId);
      if (heading) {
        groups.push({ groupId, ...heading });
      }
    }
    return groups.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  async readGroup(actor: Actor, groupId: string, now = new Date()): Promise<MentorGroupView> {
    const group = await this.requireGroup(actor, groupId);
    const [heading, slots] = await Promise.all([
      this.groups.findGroupHeading(group.groupId),
      this.repository.findSlots([group.groupId], stockholmInstant(stockholmToday(now), '00:00')),
    ]);
    const booked = slots.flatMap((slot) => (slot.booking ? [slot.booking] : []));
    const [people, latest] = await Promise.all([
      this.names.findPersonNames([
        ...group.memberIds,
        ...booked.flatMap((booking) => [booking.pupilId, booking.bookedByPersonId]),
      ]),
      this.plans.findLatestPlans([...new Set(booked.map((booking) => booking.pupilId))]),
    ]);
    const nameOf = (id: string): string => people.get(id)?.name ?? 'Okänd';
    const isProtected = (id: string): boolean => {
      const marking = people.get(id)?.securityMarking;
      return marking === undefined || hasProtectedIdentity(marking);
    };
    await this.audit.recordNow({
      action: 'talk.group.read',
      actor: auditActor(actor),
      targetType: 'student_group',
      targetId: group.groupId,
      details: { bookings: booked.length },
    });
    const bookedPupils = new Set(booked.map((booking) => booking.pupilId));
    return {
      groupId: group.groupId,
      name: heading?.name ?? '',
      schoolUnitName: heading?.schoolUnitName ?? '',
      slots: slots.map((slot) => {
        const booking = slot.booking;
        const plan = booking ? latest.get(booking.pupilId) : undefined;
        return {
          slotId: slot.slotId,
          day: talkDay(slot.startsAt),
          clock: `${talkClock(slot.startsAt)}–${talkClock(endOf(slot))}`,
          place: slot.place,
          past: slot.startsAt <= now,
          booking: booking
            ? {
                pupilName: nameOf(booking.pupilId),
                pupilProtected: isProtected(booking.pupilId),
                bookedBy: isProtected(booking.bookedByPersonId)
                  ? PROTECTED_GUARDIAN
                  : nameOf(booking.bookedByPersonId),
                planDate:
                  plan?.state === 'draft'
                    ? plan.plannedTalk
                      ? `Planens samtalsdatum: ${plan.plannedTalk}`
                      : 'Planens samtalsdatum är inte satt.'
                    : 'Inget utkast till plan: för in datumet när du startar eller öppnar planen.',
              }
            : null,
        };
      }),
      unbooked: [...group.memberIds]
        .filter((pupilId) => !bookedPupils.has(pupilId) && people.has(pupilId))
        .map((pupilId) => ({ name: nameOf(pupilId), isProtected: isProtected(pupilId) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    };
  }

  /** Publishes a series of times; answers how many were new (a time the group has is kept). */
  async publish(
    actor: Actor,
    groupId: string,
    input: SlotSeriesInput,
    now = new Date(),
  ): Promise<number> {
    const group = await this.requireGroup(actor, groupId);
    // The mentor's own name in the place is no pupil's ("Hos Anna Berg, rum 12").
    const mentor = await this.groups.findPersonIdentity(actor.personId);
    const series = planSlotSeries(input, now, { staff: mentor ? [mentor] : [] });
    if (!series.ok) {
      throw new ValidationFailedError(series.problems);
    }
    return this.em.fork().transactional(async (em) => {
      const added = await this.repository.insertSlots(em, {
        groupId: group.groupId,
        starts: series.starts,
        minutes: series.minutes,
        place: series.place,
        publishedBy: actor.personId,
      });
      await this.audit.record(em, {
        action: 'talk.slots.published',
        actor: auditActor(actor),
        targetType: 'student_group',
        targetId: group.groupId,
        details: { added, asked: series.starts.length },
      });
      return added;
    });
  }

  /** Withdraws a free time; a booked one stays (the family is asked to cancel it). */
  async withdraw(actor: Actor, groupId: string, slotId: string): Promise<void> {
    const group = await this.requireGroup(actor, groupId);
    await this.em.fork().transactional(async (em) => {
      const slot = await this.repository.lockSlot(em, slotId);
      if (!slot || slot.groupId !== group.groupId) {
        throw new NotFoundError('Tiden finns inte.');
      }
      if ((await this.repository.findBookingOnSlot(em, slot.slotId)) !== null) {
        throw new DomainError(
          ErrorCode.Conflict,
          'Tiden är bokad och kan inte tas bort. Kontakta familjen, så kan de avboka eller flytta den.',
        );
      }
      await this.repository.deleteSlot(em, slot.slotId);
      await this.audit.record(em, {
        action: 'talk.slot.withdrawn',
        actor: auditActor(actor),
        targetType: 'talk_slot',
        targetId: slot.slotId,
        details: { groupId: group.groupId },
      });
    });
  }

  private async requireGroup(actor: Actor, groupId: string): Promise<GroupFacts> {
    const group = await this.groups.findGroupFacts(groupId);
    if (!group) {
      throw new NotFoundError(GROUP_NOT_FOUND);
    }
    if (!canAccessGroup(actor, 'group.talks.manage', group)) {
      throw new AccessRefusedError(GROUP_NOT_FOUND, {
        action: 'group.talks.manage',
        targetType: 'student_group',
        targetId: group.groupId,
      });
    }
    return group;
  }
}
