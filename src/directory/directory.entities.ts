import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

import type { DutyRole, GroupType, SchoolForm, SecurityMarking } from './directory.types';

/*
 * The directory: who is who, imported from the school administration system
 * (SS 12000 or CSV). References between rows are plain uuid columns with
 * foreign keys in the database; the directory service is the only code that
 * reads or writes these tables.
 */

/** Huvudman: the municipality (or other organiser) that runs school units. */
@Entity({ tableName: 'municipality' })
export class Municipality {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** The source's id (SS 12000 Organisation id), or `default` for the service's own municipality. */
  @Property({ type: 'text' })
  @Unique()
  externalId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  organisationNumber!: string | null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

@Entity({ tableName: 'school_unit' })
export class SchoolUnit {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid', nullable: true })
  municipalityId!: string | null;

  /** The source's id (SS 12000 Organisation id, or `csv:<skolenhetskod>`). */
  @Property({ type: 'text' })
  @Unique()
  externalId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  schoolUnitCode!: string | null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

@Entity({ tableName: 'person' })
export class Person {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Unique()
  externalId!: string;

  /** Personnummer or samordningsnummer, 12 digits. */
  @Property({ type: 'text' })
  @Unique()
  civicNo!: string;

  @Property({ type: 'text' })
  givenName!: string;

  @Property({ type: 'text' })
  familyName!: string;

  @Property({ type: 'text' })
  securityMarking!: SecurityMarking;

  /** From the source system. What guardians enter themselves is kept apart and never imported over. */
  @Property({ type: 'text', nullable: true })
  importedEmail!: string | null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

@Entity({ tableName: 'enrolment' })
export class Enrolment {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  personId!: string;

  @Property({ type: 'uuid' })
  schoolUnitId!: string;

  @Property({ type: 'text' })
  schoolForm!: SchoolForm;

  @Property({ type: 'integer', nullable: true })
  schoolYear!: number | null;

  @Property({ type: 'date' })
  startDate!: string;

  /** When the pupil left; the retention clock starts here. */
  @Property({ type: 'date', nullable: true })
  endDate!: string | null;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

@Entity({ tableName: 'student_group' })
export class StudentGroup {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Unique()
  externalId!: string;

  @Property({ type: 'uuid' })
  schoolUnitId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  groupType!: GroupType;

  @Property({ type: 'integer', nullable: true })
  schoolYear!: number | null;

  @Property({ type: 'date', nullable: true })
  startDate!: string | null;

  @Property({ type: 'date', nullable: true })
  endDate!: string | null;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

@Entity({ tableName: 'group_membership' })
export class GroupMembership {
  @PrimaryKey({ type: 'uuid' })
  groupId!: string;

  @PrimaryKey({ type: 'uuid' })
  personId!: string;
}

@Entity({ tableName: 'guardianship' })
export class Guardianship {
  @PrimaryKey({ type: 'uuid' })
  guardianId!: string;

  @PrimaryKey({ type: 'uuid' })
  pupilId!: string;
}

@Entity({ tableName: 'staff_duty' })
export class StaffDuty {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Unique()
  externalId!: string;

  @Property({ type: 'uuid' })
  personId!: string;

  @Property({ type: 'text' })
  role!: DutyRole;

  @Property({ type: 'uuid', nullable: true })
  schoolUnitId!: string | null;

  @Property({ type: 'uuid', nullable: true })
  groupId!: string | null;

  @Property({ type: 'uuid', nullable: true })
  pupilId!: string | null;

  @Property({ type: 'text', nullable: true })
  subject!: string | null;

  @Property({ type: 'date', nullable: true })
  startDate!: string | null;

  @Property({ type: 'date', nullable: true })
  endDate!: string | null;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

export const DIRECTORY_ENTITIES = [
  Municipality,
  SchoolUnit,
  Person,
  Enrolment,
  StudentGroup,
  GroupMembership,
  Guardianship,
  StaffDuty,
];
