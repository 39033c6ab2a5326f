import type { DutyRole } from '../directory/directory.types';

/** Every role a signed-in person can have: their duties, and being a guardian or a pupil. */
export type ActorRole = DutyRole | 'guardian' | 'pupil';

export interface TeacherAssignment {
  readonly groupId: string;
  /** Null: all subjects in the group. */
  readonly subject: string | null;
}

/**
 * Who is asking, with everything the access policy needs to decide. Built
 * from the directory at each request (duties that have ended no longer count).
 */
export interface Actor {
  readonly accountId: string;
  readonly personId: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: ReadonlySet<ActorRole>;
  readonly guardianOf: ReadonlySet<string>;
  readonly mentorGroupIds: ReadonlySet<string>;
  readonly mentorPupilIds: ReadonlySet<string>;
  readonly teacherAssignments: readonly TeacherAssignment[];
  readonly principalUnitIds: ReadonlySet<string>;
}

/** What the policy needs to know about one pupil: where they belong now. */
export interface PupilFacts {
  readonly pupilId: string;
  readonly groupIds: ReadonlySet<string>;
  readonly schoolUnitIds: ReadonlySet<string>;
}

/** What the policy needs to know about one class or mentor group. */
export interface GroupFacts {
  readonly groupId: string;
  readonly schoolUnitId: string;
  readonly memberIds: ReadonlySet<string>;
}

/** The actor as the audit log records it: ids and role codes only. */
export function auditActor(actor: Actor): {
  accountId: string;
  personId: string;
  roles: string[];
} {
  return { accountId: actor.accountId, personId: actor.personId, roles: [...actor.roles].sort() };
}
