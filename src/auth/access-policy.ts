import type { Actor, ActorRole, GroupFacts, PupilFacts } from './actor';

/**
 * The one access policy: who may see or do what to which pupil's data. Every
 * page, API route, PDF and download asks here; nothing else decides access.
 * A `false` is answered as "not found" by the callers, so a refusal never
 * reveals that something exists.
 */

/** Things done to one pupil's data. */
export type PupilAction =
  /** Name, class, school and guardians' names. */
  | 'pupil.profile.read'
  /** The whole plan (IUP), including the pupil's self-assessment. */
  | 'plan.read'
  /** The written assessment of one subject. */
  | 'plan.subject.read'
  /** Start a plan, write goals, actions and the talk's agreements, establish it: the mentor. */
  | 'plan.mentor.write'
  /** Write the written assessment of one subject: its teacher. */
  | 'plan.assessment.write'
  /** Write the self-assessment: only the pupil. */
  | 'plan.selfAssessment.write'
  /** Comment on the plan: the pupil's guardians. */
  | 'plan.comment.write'
  /**
   * Ask for the pupil's records as a person concerned (OSL 12 kap. 3 §),
   * signed in, so the reviewer knows who asks: the pupil's guardians.
   */
  | 'records.request.asGuardian'
  /**
   * Who has read the plan, and when a copy of its record was released (roles and times,
   * never who): the pupil themself and the pupil's guardians.
   */
  | 'plan.accessLog.read'
  /** Book, move or cancel a development talk for the pupil: the pupil's guardians. */
  | 'talk.book';

/** Things not tied to one pupil. */
export type SystemAction =
  /** Check a free text with the content guard (staff who write plans, reviewers). */
  | 'content.check'
  | 'directory.manage'
  | 'audit.verify'
  /** Review and decide requests for public records: only the delegated reviewers (OSL 6 kap. 3 §). */
  | 'records.review'
  /** Pass a request that reached a school on to Sektor Lärande; never to decide it. */
  | 'records.forward'
  | 'retention.manage'
  /**
   * The queue view (/admin/koer): the jobs of every queue, their failures, and
   * running a failed job again. Jobs carry ids only; it is operations, not data.
   */
  | 'queues.view'
  /**
   * Find a person and produce, and send, their register extract (GDPR art. 15): Sektor
   * Lärande's role for it (REGISTER_EXTRACT_ROLE, the administrator unless the setting names
   * another). It reads every category held about the person, plan content included.
   */
  | 'registerExtract.produce'
  /** Ask for one's own register extract, and fetch it: a signed-in guardian or pupil. */
  | 'registerExtract.ask'
  /** Choose one's own e-mail notifications (plan ready, talk booked, …): a guardian or pupil. */
  | 'notifications.manage';

/** What the policy takes from the settings. */
export interface PolicySettings {
  /** The role that produces register extracts (REGISTER_EXTRACT_ROLE). */
  readonly registerExtractRole: ActorRole;
}

export const DEFAULT_POLICY_SETTINGS: PolicySettings = { registerExtractRole: 'administrator' };

export function canAccessPupil(
  actor: Actor,
  action: PupilAction,
  pupil: PupilFacts,
  subject: string | null = null,
): boolean {
  switch (action) {
    case 'pupil.profile.read':
      return (
        isOwnOrGuarded(actor, pupil) ||
        isMentorOf(actor, pupil) ||
        teachesPupil(actor, pupil, null) ||
        isPrincipalOf(actor, pupil) ||
        actor.roles.has('administrator')
      );
    case 'plan.read':
      // Administrators manage the directory, never plan content.
      return (
        isOwnOrGuarded(actor, pupil) || isMentorOf(actor, pupil) || isPrincipalOf(actor, pupil)
      );
    case 'plan.subject.read':
      return canAccessPupil(actor, 'plan.read', pupil) || teachesPupil(actor, pupil, subject);
    case 'plan.mentor.write':
      return isMentorOf(actor, pupil);
    case 'plan.assessment.write':
      return subject !== null && teachesPupil(actor, pupil, subject);
    case 'plan.selfAssessment.write':
      return actor.personId === pupil.pupilId;
    case 'plan.accessLog.read':
      return isOwnOrGuarded(actor, pupil);
    case 'plan.comment.write':
    case 'records.request.asGuardian':
    case 'talk.book':
      return actor.guardianOf.has(pupil.pupilId);
  }
}

/** Things done to one class or group. */
export type GroupAction =
  /** The class list: pupils with their guardians' names and what each guardian chose to show. */
  | 'group.classList.read'
  /** Publish and withdraw the group's talk times and see who booked them: its mentor. */
  | 'group.talks.manage';

/**
 * The class list is for the class's guardians and its staff (mentor, teachers,
 * the principal). Pupils and administrators do not see other families' details.
 */
export function canAccessGroup(actor: Actor, action: GroupAction, group: GroupFacts): boolean {
  switch (action) {
    case 'group.classList.read':
      return (
        [...group.memberIds].some((pupilId) => actor.guardianOf.has(pupilId)) ||
        actor.mentorGroupIds.has(group.groupId) ||
        actor.teacherAssignments.some((assignment) => assignment.groupId === group.groupId) ||
        actor.principalUnitIds.has(group.schoolUnitId)
      );
    case 'group.talks.manage':
      return actor.mentorGroupIds.has(group.groupId);
  }
}

/** Things done to a school unit's settings. */
export type SchoolUnitAction =
  /** The unit's plan template (subjects, scale, questions): its principal decides the format. */
  | 'unit.planTemplate.manage'
  /**
   * The law's cadence (skollagen 10 kap. 12–13 §§): which of the unit's pupils lack an
   * established plan this school year or a development talk this term, reminding their mentors,
   * and the counts of passages reviewers struck that the guard did not suggest: its principal.
   */
  | 'unit.cadence.follow';

export function canManageSchoolUnit(
  actor: Actor,
  action: SchoolUnitAction,
  schoolUnitId: string,
): boolean {
  switch (action) {
    case 'unit.planTemplate.manage':
    case 'unit.cadence.follow':
      return actor.principalUnitIds.has(schoolUnitId);
  }
}

export function canPerform(
  actor: Actor,
  action: SystemAction,
  settings: PolicySettings = DEFAULT_POLICY_SETTINGS,
): boolean {
  switch (action) {
    case 'content.check':
      return (['mentor', 'teacher', 'principal', 'reviewer'] as const).some((role) =>
        actor.roles.has(role),
      );
    case 'directory.manage':
      return actor.roles.has('administrator');
    case 'audit.verify':
      return actor.roles.has('administrator');
    case 'records.review':
      return actor.roles.has('reviewer');
    case 'records.forward':
      return (['mentor', 'teacher', 'principal'] as const).some((role) => actor.roles.has(role));
    case 'retention.manage':
      return actor.roles.has('archivist');
    case 'queues.view':
      return actor.roles.has('administrator');
    case 'registerExtract.produce':
      return actor.roles.has(settings.registerExtractRole);
    case 'registerExtract.ask':
    case 'notifications.manage':
      return actor.roles.has('guardian') || actor.roles.has('pupil');
  }
}

function isOwnOrGuarded(actor: Actor, pupil: PupilFacts): boolean {
  return actor.personId === pupil.pupilId || actor.guardianOf.has(pupil.pupilId);
}

function isMentorOf(actor: Actor, pupil: PupilFacts): boolean {
  return (
    actor.mentorPupilIds.has(pupil.pupilId) ||
    [...pupil.groupIds].some((groupId) => actor.mentorGroupIds.has(groupId))
  );
}

function teachesPupil(actor: Actor, pupil: PupilFacts, subject: string | null): boolean {
  return actor.teacherAssignments.some(
    (assignment) =>
      pupil.groupIds.has(assignment.groupId) &&
      (subject === null || assignment.subject === null || sameSubject(assignment.subject, subject)),
  );
}

function isPrincipalOf(actor: Actor, pupil: PupilFacts): boolean {
  return [...pupil.schoolUnitIds].some((unitId) => actor.principalUnitIds.has(unitId));
}

function sameSubject(a: string, b: string): boolean {
  return a.localeCompare(b, 'sv', { sensitivity: 'base' }) === 0;
}
