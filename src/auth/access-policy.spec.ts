import {
  canAccessGroup,
  canAccessPupil,
  canManageSchoolUnit,
  canPerform,
  PupilAction,
  SystemAction,
} from './access-policy';
import type { Actor, ActorRole, PupilFacts } from './actor';

const pupil: PupilFacts = {
  pupilId: 'pupil-1',
  groupIds: new Set(['class-4a']),
  schoolUnitIds: new Set(['unit-north']),
};
const otherPupil: PupilFacts = {
  pupilId: 'pupil-2',
  groupIds: new Set(['class-7b']),
  schoolUnitIds: new Set(['unit-south']),
};

function actor(overrides: Partial<Omit<Actor, 'roles'>> & { roles: ActorRole[] }): Actor {
  return {
    accountId: 'account',
    personId: 'someone',
    username: 'someone',
    displayName: 'Någon',
    guardianOf: new Set(),
    mentorGroupIds: new Set(),
    mentorPupilIds: new Set(),
    teacherAssignments: [],
    principalUnitIds: new Set(),
    ...overrides,
    roles: new Set(overrides.roles),
  };
}

const actors: Record<string, Actor> = {
  self: actor({ roles: ['pupil'], personId: 'pupil-1' }),
  guardian: actor({ roles: ['guardian'], guardianOf: new Set(['pupil-1']) }),
  mentorOfClass: actor({ roles: ['mentor'], mentorGroupIds: new Set(['class-4a']) }),
  mentorOfPupil: actor({ roles: ['mentor'], mentorPupilIds: new Set(['pupil-1']) }),
  mathsTeacher: actor({
    roles: ['teacher'],
    teacherAssignments: [{ groupId: 'class-4a', subject: 'Matematik' }],
  }),
  principal: actor({ roles: ['principal'], principalUnitIds: new Set(['unit-north']) }),
  reviewer: actor({ roles: ['reviewer'] }),
  archivist: actor({ roles: ['archivist'] }),
  administrator: actor({ roles: ['administrator'] }),
};

// Expected answers for pupil-1; every actor must be refused for pupil-2.
const expectations: Record<string, Record<PupilAction, boolean>> = {
  self: {
    'pupil.profile.read': true,
    'plan.read': true,
    'plan.subject.read': true,
    'plan.mentor.write': false,
    'plan.assessment.write': false,
    'plan.selfAssessment.write': true,
    'plan.comment.write': false,
    'records.request.asGuardian': false,
    'plan.accessLog.read': true,
    'talk.book': false,
  },
  guardian: {
    'pupil.profile.read': true,
    'plan.read': true,
    'plan.subject.read': true,
    'plan.mentor.write': false,
    'plan.assessment.write': false,
    'plan.selfAssessment.write': false,
    'plan.comment.write': true,
    'records.request.asGuardian': true,
    'plan.accessLog.read': true,
    'talk.book': true,
  },
  mentorOfClass: {
    'pupil.profile.read': true,
    'plan.read': true,
    'plan.subject.read': true,
    'plan.mentor.write': true,
    'plan.assessment.write': false,
    'plan.selfAssessment.write': false,
    'plan.comment.write': false,
    'records.request.asGuardian': false,
    'plan.accessLog.read': false,
    'talk.book': false,
  },
  mentorOfPupil: {
    'pupil.profile.read': true,
    'plan.read': true,
    'plan.subject.read': true,
    'plan.mentor.write': true,
    'plan.assessment.write': false,
    'plan.selfAssessment.write': false,
    'plan.comment.write': false,
    'records.request.asGuardian': false,
    'plan.accessLog.read': false,
    'talk.book': false,
  },
  mathsTeacher: {
    'pupil.profile.read': true,
    'plan.read': false,
    'plan.subject.read': true,
    'plan.mentor.write': false,
    'plan.assessment.write': true,
    'plan.selfAssessment.write': false,
    'plan.comment.write': false,
    'records.request.asGuardian': false,
    'plan.accessLog.read': false,
    'talk.book': false,
  },
  principal: {
    'pupil.profile.read': true,
    'plan.read': true,
    'plan.subject.read': true,
    'plan.mentor.write': false,
    'plan.assessment.write': false,
    'plan.selfAssessment.write': false,
    'plan.comment.write': false,
    'records.request.asGuardian': false,
    'plan.accessLog.read': false,
    'talk.book': false,
  },
  reviewer: {
    'pupil.profile.read': false,
    'plan.read': false,
    'plan.subject.read': false,
    'plan.mentor.write': false,
    'plan.assessment.write': false,
    'plan.selfAssessment.write': false,
    'plan.comment.write': false,
    'records.request.asGuardian': false,
    'plan.accessLog.read': false,
    'talk.book': false,
  },
  archivist: {
    'pupil.profile.read': false,
    'plan.read': false,
    'plan.subject.read': false,
    'plan.mentor.write': false,
    'plan.assessment.write': false,
    'plan.selfAssessment.write': false,
    'plan.comment.write': false,
    'records.request.asGuardian': false,
    'plan.accessLog.read': false,
    'talk.book': false,
  },
  administrator: {
    'pupil.profile.read': true,
    'plan.read': false,
    'plan.subject.read': false,
    'plan.mentor.write': false,
    'plan.assessment.write': false,
    'plan.selfAssessment.write': false,
    'plan.comment.write': false,
    'records.request.asGuardian': false,
    'plan.accessLog.read': false,
    'talk.book': false,
  },
};

describe('access policy: pupil data', () => {
  for (const [name, expected] of Object.entries(expectations)) {
    for (const [action, allowed] of Object.entries(expected) as [PupilAction, boolean][]) {
      it(`${name} ${allowed ? 'may' : 'may not'} ${action} of their pupil`, () => {
        expect(canAccessPupil(actors[name], action, pupil, 'Matematik')).toBe(allowed);
      });
      if (name !== 'administrator' || action !== 'pupil.profile.read') {
        it(`${name} may not ${action} of another pupil`, () => {
          expect(canAccessPupil(actors[name], action, otherPupil, 'Matematik')).toBe(false);
        });
      }
    }
  }

  it('lets a teacher write only their own subject', () => {
    expect(canAccessPupil(actors.mathsTeacher, 'plan.assessment.write', pupil, 'Matematik')).toBe(
      true,
    );
    expect(canAccessPupil(actors.mathsTeacher, 'plan.assessment.write', pupil, 'Svenska')).toBe(
      false,
    );
  });

  it('lets a teacher read only their own subject', () => {
    expect(canAccessPupil(actors.mathsTeacher, 'plan.subject.read', pupil, 'matematik')).toBe(true);
    expect(canAccessPupil(actors.mathsTeacher, 'plan.subject.read', pupil, 'Svenska')).toBe(false);
  });

  it('lets an administrator read any pupil’s directory card but no plan', () => {
    expect(canAccessPupil(actors.administrator, 'pupil.profile.read', otherPupil)).toBe(true);
    expect(canAccessPupil(actors.administrator, 'plan.read', otherPupil)).toBe(false);
  });
});

describe('access policy: system actions', () => {
  const allowed: Record<SystemAction, string[]> = {
    'content.check': ['mentorOfClass', 'mentorOfPupil', 'mathsTeacher', 'principal', 'reviewer'],
    'directory.manage': ['administrator'],
    'audit.verify': ['administrator'],
    'records.review': ['reviewer'],
    'records.forward': ['mentorOfClass', 'mentorOfPupil', 'mathsTeacher', 'principal'],
    'retention.manage': ['archivist'],
    'queues.view': ['administrator'],
    'registerExtract.produce': ['administrator'],
    'registerExtract.ask': ['self', 'guardian'],
    'notifications.manage': ['self', 'guardian'],
  };
  for (const [action, who] of Object.entries(allowed) as [SystemAction, string[]][]) {
    for (const name of Object.keys(actors)) {
      const expected = who.includes(name);
      it(`${name} ${expected ? 'may' : 'may not'} ${action}`, () => {
        expect(canPerform(actors[name], action)).toBe(expected);
      });
    }
  }
});

describe('access policy: the role that produces register extracts', () => {
  it('is the one REGISTER_EXTRACT_ROLE names, and only that one', () => {
    const settings = { registerExtractRole: 'reviewer' as const };
    expect(canPerform(actors.reviewer, 'registerExtract.produce', settings)).toBe(true);
    expect(canPerform(actors.administrator, 'registerExtract.produce', settings)).toBe(false);
    expect(canPerform(actors.archivist, 'registerExtract.produce', settings)).toBe(false);
  });
});

describe('access policy: class lists', () => {
  const classFourA = {
    groupId: 'class-4a',
    schoolUnitId: 'unit-north',
    memberIds: new Set(['pupil-1']),
  };
  const expected: Record<string, boolean> = {
    self: false,
    guardian: true,
    mentorOfClass: true,
    mentorOfPupil: false,
    mathsTeacher: true,
    principal: true,
    reviewer: false,
    archivist: false,
    administrator: false,
  };
  for (const [name, allowed] of Object.entries(expected)) {
    it(`${name} ${allowed ? 'may' : 'may not'} read the class list of 4A`, () => {
      expect(canAccessGroup(actors[name], 'group.classList.read', classFourA)).toBe(allowed);
    });
    it(`${name} may not read the class list of another class`, () => {
      const other = {
        groupId: 'class-7b',
        schoolUnitId: 'unit-south',
        memberIds: new Set(['pupil-2']),
      };
      expect(canAccessGroup(actors[name], 'group.classList.read', other)).toBe(false);
    });
  }
});

describe('access policy: talk times of a group', () => {
  const classFourA = {
    groupId: 'class-4a',
    schoolUnitId: 'unit-north',
    memberIds: new Set(['pupil-1']),
  };
  for (const name of Object.keys(actors)) {
    const allowed = name === 'mentorOfClass';
    it(`${name} ${allowed ? 'may' : 'may not'} publish the talk times of 4A`, () => {
      expect(canAccessGroup(actors[name], 'group.talks.manage', classFourA)).toBe(allowed);
    });
  }
});

describe('access policy: school units', () => {
  for (const name of Object.keys(actors)) {
    const allowed = name === 'principal';
    it(`${name} ${allowed ? 'may' : 'may not'} set the plan template of the north unit`, () => {
      expect(canManageSchoolUnit(actors[name], 'unit.planTemplate.manage', 'unit-north')).toBe(
        allowed,
      );
      expect(canManageSchoolUnit(actors[name], 'unit.planTemplate.manage', 'unit-south')).toBe(
        false,
      );
    });
    it(`${name} ${allowed ? 'may' : 'may not'} follow the law’s cadence in the north unit`, () => {
      expect(canManageSchoolUnit(actors[name], 'unit.cadence.follow', 'unit-north')).toBe(allowed);
      expect(canManageSchoolUnit(actors[name], 'unit.cadence.follow', 'unit-south')).toBe(false);
    });
  }
});
