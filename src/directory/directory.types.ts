/** The protected-identity marking of SS 12000 (`Person.securityMarking`). */
export const SECURITY_MARKINGS = ['Ingen', 'Sekretessmarkering', 'Skyddad folkbokföring'] as const;
export type SecurityMarking = (typeof SECURITY_MARKINGS)[number];

/** Anyone marked other than `Ingen` is left out of class lists and contact sharing. */
export function hasProtectedIdentity(marking: SecurityMarking): boolean {
  return marking !== 'Ingen';
}

/** The compulsory school forms this service covers (SS 12000 schoolType FKLASS, GR, GRS/ANSGR). */
export const SCHOOL_FORMS = ['förskoleklass', 'grundskola', 'anpassad grundskola'] as const;
export type SchoolForm = (typeof SCHOOL_FORMS)[number];

export const GROUP_TYPES = ['Klass', 'Mentor'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

/**
 * What a member of staff does, and where:
 * - mentor: of a group (groupId) or of one pupil (pupilId)
 * - teacher: of a subject (subject) in a group (groupId)
 * - principal: of a school unit (schoolUnitId)
 * - reviewer, archivist, administrator: at Sektor Lärande (no scope)
 */
export const DUTY_ROLES = [
  'mentor',
  'teacher',
  'principal',
  'reviewer',
  'archivist',
  'administrator',
] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];
