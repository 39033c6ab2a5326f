import { Injectable } from '@nestjs/common';

import { DirectoryQueries } from '../directory/directory.queries';
import type { ActorFacts } from '../directory/directory.queries';
import { AccountQueries } from './account.queries';
import type { Actor, ActorRole, TeacherAssignment } from './actor';

/** Builds the signed-in `Actor` from the account and the directory, at every request. */
@Injectable()
export class ActorLoader {
  constructor(
    private readonly accounts: AccountQueries,
    private readonly directory: DirectoryQueries,
  ) {}

  /** Everything the access policy needs about a signed-in account; null if it may not sign in. */
  async loadActor(accountId: string): Promise<Actor | null> {
    // One statement: the account, if it may sign in, joined to its person's facts.
    const found = await this.accounts.findEnabledAccountWithFacts(accountId);
    return found ? this.actorOf(found.account, found.facts) : null;
  }

  /**
   * What the access policy would let this person see, signed in or not (a register extract
   * shows the plans as the person may see them). Never for a request's own access check.
   */
  async loadActorOfPerson(personId: string): Promise<Actor | null> {
    const account = await this.accounts.findEnabledAccountOf(personId);
    return this.actorOf(
      { accountId: account?.accountId ?? '', personId, username: '' },
      await this.directory.findActorFacts(personId),
    );
  }

  private actorOf(
    account: { accountId: string; personId: string; username: string },
    facts: ActorFacts | null,
  ): Actor | null {
    if (!facts) {
      return null;
    }
    const { duties } = facts;
    const roles = new Set<ActorRole>(duties.map((duty) => duty.role));
    if (facts.guardianOf.length > 0) roles.add('guardian');
    if (facts.isPupil) roles.add('pupil');
    const ids = (values: readonly (string | null)[]): Set<string> =>
      new Set(values.filter((value): value is string => Boolean(value)));
    const mentorDuties = duties.filter((duty) => duty.role === 'mentor');
    const teacherAssignments: TeacherAssignment[] = duties.flatMap((duty) =>
      duty.role === 'teacher' && duty.groupId
        ? [{ groupId: duty.groupId, subject: duty.subject }]
        : [],
    );

    return {
      accountId: account.accountId,
      personId: account.personId,
      username: account.username,
      displayName: `${facts.givenName} ${facts.familyName}`,
      roles,
      guardianOf: ids(facts.guardianOf),
      mentorGroupIds: ids(mentorDuties.map((duty) => duty.groupId)),
      mentorPupilIds: ids(mentorDuties.map((duty) => duty.pupilId)),
      teacherAssignments,
      principalUnitIds: ids(
        duties.filter((duty) => duty.role === 'principal').map((duty) => duty.schoolUnitId),
      ),
    };
  }
}
