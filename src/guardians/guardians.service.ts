import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { stockholmToday } from '../common/stockholm';
import { AuditService } from '../audit/audit.service';
import { canAccessGroup } from '../auth/access-policy';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import {
  AccessRefusedError,
  DomainError,
  ErrorCode,
  NotFoundError,
  ValidationFailedError,
} from '../common/errors/domain-error';
import type { PupilSummary } from '../directory/directory.queries';
import { PupilDirectoryService } from '../directory/pupil-directory.service';
import type { LatestPlan } from '../plans/plan-views';
import { PlanOverviewService } from '../plans/plan-overview.service';
import { CLASS_LIST_CHOICES, validateClassListChoices } from './class-list-choices';
import { ClassList, GuardiansQueries, OwnProfile } from './guardians.queries';
import { reencodePhoto } from './photo';
import { validateProfile } from './profile-input';

export interface ChildOverview extends PupilSummary {
  readonly classListId: string | null;
  /** The newest plan, in words: none yet, a draft before the talk, or established. */
  readonly planState: string;
  readonly planId: string | null;
  readonly lastTalk: string | null;
  /** The next development talk, when the mentor has set a date that has not passed. */
  readonly nextTalk: string | null;
}

function upcoming(date: string | null): string | null {
  return date !== null && date >= stockholmToday() ? date : null;
}

function describePlan(plan: LatestPlan | undefined): string {
  if (!plan) {
    return 'Ingen utvecklingsplan är påbörjad ännu.';
  }
  if (plan.state === 'established') {
    return `Fastställd efter utvecklingssamtalet (${plan.period}, version ${plan.establishedVersion}).`;
  }
  return plan.establishedVersion > 0
    ? `Ett nytt utkast förbereds (${plan.period}); version ${plan.establishedVersion} är fastställd.`
    : `Utkast inför utvecklingssamtalet (${plan.period}).`;
}

const PROFILE_NOT_FOUND = 'Sidan finns bara för vårdnadshavare.';
const CLASS_NOT_FOUND = 'Klasslistan finns inte, eller så har du inte tillgång till den.';
const PHOTO_NOT_FOUND = 'Bilden finns inte.';

/** Guardians' own details, class lists and their children's overview. */
@Injectable()
export class GuardiansService {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: GuardiansQueries,
    private readonly pupils: PupilDirectoryService,
    private readonly audit: AuditService,
    private readonly plans: PlanOverviewService,
  ) {}

  async readProfile(actor: Actor): Promise<OwnProfile> {
    const profile = actor.roles.has('guardian')
      ? await this.queries.findOwnProfile(actor.personId)
      : null;
    if (!profile) {
      throw new NotFoundError(PROFILE_NOT_FOUND);
    }
    return profile;
  }

  async updateProfile(actor: Actor, raw: Readonly<Record<string, unknown>>): Promise<void> {
    const profile = await this.readProfile(actor);
    const result = validateProfile(raw, { hasProtectedIdentity: profile.hasProtectedIdentity });
    if (!result.ok) {
      throw new ValidationFailedError(result.problems);
    }
    await this.em.fork().transactional(async (em) => {
      const changed = await this.queries.saveProfile(em, actor.personId, result.values);
      await this.audit.record(em, {
        action: 'profile.updated',
        actor: auditActor(actor),
        targetType: 'person',
        targetId: actor.personId,
        details: { fields: changed },
      });
    });
  }

  /** What the class list shows besides the name: the profile form's ticked boxes. */
  async updateClassListChoices(actor: Actor, raw: unknown): Promise<void> {
    const profile = await this.readProfile(actor);
    if (profile.hasProtectedIdentity) {
      throw new DomainError(
        ErrorCode.InvalidState,
        'Du har skyddade personuppgifter och visas inte i någon klasslista, så det finns inget att välja.',
      );
    }
    const result = validateClassListChoices(raw, { hasProtectedIdentity: false });
    if (!result.ok) {
      throw new ValidationFailedError(result.problems);
    }
    const { choices } = result;
    await this.em.fork().transactional(async (em) => {
      await this.queries.saveClassListChoices(em, actor.personId, choices);
      await this.audit.record(em, {
        action: 'profile.class_list_choices.updated',
        actor: auditActor(actor),
        targetType: 'person',
        targetId: actor.personId,
        details: { shows: CLASS_LIST_CHOICES.filter((choice) => choices[choice]).join(' ') },
      });
    });
  }

  async updatePhoto(actor: Actor, upload: Buffer): Promise<void> {
    await this.readProfile(actor);
    const photo = await reencodePhoto(upload);
    await this.savePhoto(actor, photo, 'profile.photo.updated');
  }

  async removePhoto(actor: Actor): Promise<void> {
    await this.readProfile(actor);
    await this.savePhoto(actor, null, 'profile.photo.removed');
  }

  async readOwnPhoto(actor: Actor): Promise<Buffer> {
    await this.readProfile(actor);
    const photo = await this.queries.findPhoto(actor.personId);
    if (!photo) {
      throw new NotFoundError('Du har ingen bild.');
    }
    return photo;
  }

  async readClassList(actor: Actor, groupId: string): Promise<ClassList> {
    const facts = await this.queries.findGroupFacts(groupId);
    if (!facts) {
      throw new NotFoundError(CLASS_NOT_FOUND);
    }
    if (!canAccessGroup(actor, 'group.classList.read', facts)) {
      throw new AccessRefusedError(CLASS_NOT_FOUND, {
        action: 'group.classList.read',
        targetType: 'student_group',
        targetId: facts.groupId,
      });
    }
    const list = await this.queries.findClassList(groupId);
    if (!list) {
      throw new NotFoundError(CLASS_NOT_FOUND);
    }
    await this.audit.recordNow({
      action: 'group.class_list.read',
      actor: auditActor(actor),
      targetType: 'student_group',
      targetId: groupId,
      details: { pupils: list.pupils.length },
    });
    return list;
  }

  /**
   * A guardian's photo, only as part of a class list the viewer may see and the guardian is
   * in, and only when the guardian chose to show it there.
   */
  async readClassListPhoto(actor: Actor, groupId: string, guardianId: string): Promise<Buffer> {
    const facts = await this.queries.findGroupFacts(groupId);
    if (facts !== null && !canAccessGroup(actor, 'group.classList.read', facts)) {
      throw new AccessRefusedError(PHOTO_NOT_FOUND, {
        action: 'group.classList.read',
        targetType: 'student_group',
        targetId: facts.groupId,
      });
    }
    const allowed = facts !== null && (await this.queries.isListedGuardian(groupId, guardianId));
    const photo = allowed ? await this.queries.findClassListPhoto(guardianId) : null;
    if (!photo) {
      throw new NotFoundError(PHOTO_NOT_FOUND);
    }
    return photo;
  }

  async listChildren(actor: Actor): Promise<ChildOverview[]> {
    if (!actor.roles.has('guardian')) {
      throw new NotFoundError(PROFILE_NOT_FOUND);
    }
    const children = (await this.pupils.listPupilsFor(actor)).filter((pupil) =>
      actor.guardianOf.has(pupil.id),
    );
    const ids = children.map((child) => child.id);
    const [classes, plans] = await Promise.all([
      this.queries.findCurrentClasses(ids),
      this.plans.findLatestPlans(ids),
    ]);
    return children.map((child) => ({
      ...child,
      classListId: classes.get(child.id)?.id ?? null,
      planState: describePlan(plans.get(child.id)),
      planId: plans.get(child.id)?.planId ?? null,
      lastTalk: plans.get(child.id)?.lastTalk ?? null,
      nextTalk: upcoming(plans.get(child.id)?.plannedTalk ?? null),
    }));
  }

  private async savePhoto(actor: Actor, photo: Buffer | null, action: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await this.queries.savePhoto(em, actor.personId, photo);
      await this.audit.record(em, {
        action,
        actor: auditActor(actor),
        targetType: 'person',
        targetId: actor.personId,
      });
    });
  }
}
