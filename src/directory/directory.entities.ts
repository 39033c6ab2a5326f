import { EntityName, type Opt } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';

import { Account } from '../auth/account.entity';
import type { TablesOf } from '../database/kysely';
import type { ImportReportEntry } from './directory-importer';
import {
  DUTY_ROLES,
  GROUP_TYPES,
  SCHOOL_FORMS,
  SECURITY_MARKINGS,
  type DutyRole,
  type GroupType,
  type SchoolForm,
  type SecurityMarking,
} from './directory.types';

/*
 * The directory: who is who, imported from the school administration system
 * (SS 12000 or CSV). References between rows are uuid properties
 * (`@ManyToOne` with `mapToPk`: the value is the key, never a loaded entity)
 * so the entities carry the foreign keys the migrations made; the directory
 * service is the only code that reads or writes these tables.
 */

/** Huvudman: the municipality (or other organiser) that runs school units. */
@Entity({ tableName: 'municipality' })
export class Municipality {
  [EntityName]?: 'Municipality';

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
  [EntityName]?: 'SchoolUnit';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  // A nullable relation gets ON DELETE SET NULL by default; the migration's foreign key has none.
  @ManyToOne(() => Municipality, {
    mapToPk: true,
    joinColumn: 'municipality_id',
    nullable: true,
    deleteRule: 'no action',
  })
  municipalityId!: string | null;

  /** The source's id (SS 12000 Organisation id, or `csv:<skolenhetskod>`). */
  @Property({ type: 'text' })
  @Unique()
  externalId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  @Unique()
  schoolUnitCode!: string | null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date' })
  updatedAt!: Date;
}

/*
 * The first steps of a request search names with `lower(given_name || ' ' ||
 * family_name) like '%token%'`; the trigram index (Migration20261129060000NameSearch)
 * answers that. An expression index: declared by its DDL, compared by name.
 */
@Entity({ tableName: 'person' })
@Index({
  name: 'person_name_trgm_idx',
  expression: `create index person_name_trgm_idx on person using gin ((lower(given_name || ' ' || family_name)) public.gin_trgm_ops)`,
})
@Check({ name: 'person_civic_no_check', expression: "civic_no ~ '^[0-9]{12}$'" })
export class Person {
  [EntityName]?: 'Person';

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

  @Enum({ items: [...SECURITY_MARKINGS], type: 'text' })
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
@Unique({ properties: ['personId', 'schoolUnitId', 'schoolForm', 'startDate'] })
@Index({ name: 'enrolment_school_unit_idx', properties: ['schoolUnitId'] })
// `between 0 and 10` in the migration; PostgreSQL keeps it as the two comparisons.
@Check({
  name: 'enrolment_school_year_check',
  expression: 'school_year >= 0 and school_year <= 10',
})
export class Enrolment {
  [EntityName]?: 'Enrolment';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade' })
  personId!: string;

  @ManyToOne(() => SchoolUnit, { mapToPk: true, joinColumn: 'school_unit_id' })
  schoolUnitId!: string;

  @Enum({ items: [...SCHOOL_FORMS], type: 'text' })
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
@Index({ name: 'student_group_school_unit_idx', properties: ['schoolUnitId'] })
export class StudentGroup {
  [EntityName]?: 'StudentGroup';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Unique()
  externalId!: string;

  @ManyToOne(() => SchoolUnit, { mapToPk: true, joinColumn: 'school_unit_id' })
  schoolUnitId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: [...GROUP_TYPES], type: 'text' })
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
@Index({ name: 'group_membership_person_idx', properties: ['personId'] })
export class GroupMembership {
  [EntityName]?: 'GroupMembership';

  @ManyToOne(() => StudentGroup, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'group_id',
    deleteRule: 'cascade',
  })
  groupId!: string;

  @ManyToOne(() => Person, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'person_id',
    deleteRule: 'cascade',
  })
  personId!: string;
}

@Entity({ tableName: 'guardianship' })
@Index({ name: 'guardianship_pupil_idx', properties: ['pupilId'] })
@Check({ name: 'guardianship_check', expression: 'guardian_id <> pupil_id' })
export class Guardianship {
  [EntityName]?: 'Guardianship';

  @ManyToOne(() => Person, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'guardian_id',
    deleteRule: 'cascade',
  })
  guardianId!: string;

  @ManyToOne(() => Person, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'pupil_id',
    deleteRule: 'cascade',
  })
  pupilId!: string;
}

@Entity({ tableName: 'staff_duty' })
@Index({ name: 'staff_duty_person_idx', properties: ['personId'] })
@Index({ name: 'staff_duty_group_idx', properties: ['groupId'] })
@Index({ name: 'staff_duty_pupil_idx', properties: ['pupilId'] })
export class StaffDuty {
  [EntityName]?: 'StaffDuty';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  @Unique()
  externalId!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade' })
  personId!: string;

  @Enum({ items: [...DUTY_ROLES], type: 'text' })
  role!: DutyRole;

  @ManyToOne(() => SchoolUnit, {
    mapToPk: true,
    joinColumn: 'school_unit_id',
    nullable: true,
    deleteRule: 'no action',
  })
  schoolUnitId!: string | null;

  @ManyToOne(() => StudentGroup, {
    mapToPk: true,
    joinColumn: 'group_id',
    nullable: true,
    deleteRule: 'cascade',
  })
  groupId!: string | null;

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'pupil_id',
    nullable: true,
    deleteRule: 'cascade',
  })
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

export const DIRECTORY_IMPORT_FORMATS = ['ss12000', 'csv'] as const;
export const DIRECTORY_IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

/** One uploaded file and what became of it; the job fills in the counts and the report. */
@Entity({ tableName: 'directory_import' })
export class DirectoryImport {
  [EntityName]?: 'DirectoryImport';

  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Account, {
    mapToPk: true,
    joinColumn: 'requested_by_account_id',
    nullable: true,
    deleteRule: 'set null',
  })
  requestedByAccountId!: string | null;

  @Enum({ items: [...DIRECTORY_IMPORT_FORMATS], type: 'text' })
  format!: (typeof DIRECTORY_IMPORT_FORMATS)[number];

  @Property({ type: 'text' })
  fileName!: string;

  @Property({ type: 'text' })
  contentSha256!: string;

  @Enum({ items: [...DIRECTORY_IMPORT_STATUSES], type: 'text' })
  status!: (typeof DIRECTORY_IMPORT_STATUSES)[number];

  @Property({ type: 'integer', default: 0 })
  totalItems!: Opt<number>;

  @Property({ type: 'integer', default: 0 })
  processedItems!: Opt<number>;

  @Property({ type: 'integer', default: 0 })
  createdCount!: Opt<number>;

  @Property({ type: 'integer', default: 0 })
  updatedCount!: Opt<number>;

  @Property({ type: 'integer', default: 0 })
  unchangedCount!: Opt<number>;

  @Property({ type: 'integer', default: 0 })
  rejectedCount!: Opt<number>;

  @Property({ type: 'json', defaultRaw: `'[]'` })
  report!: Opt<readonly ImportReportEntry[]>;

  @Property({ type: 'text', nullable: true })
  failure!: string | null;

  @Property({ type: 'Date' })
  createdAt!: Date;

  @Property({ type: 'Date', nullable: true })
  startedAt!: Date | null;

  @Property({ type: 'Date', nullable: true })
  finishedAt!: Date | null;
}

/** A part of an import's file, a few megabytes each, until the import is done with it. */
@Entity({ tableName: 'directory_import_part' })
@Check({ name: 'directory_import_part_seq_check', expression: 'seq >= 0' })
export class DirectoryImportPart {
  [EntityName]?: 'DirectoryImportPart';

  @ManyToOne(() => DirectoryImport, {
    primary: true,
    mapToPk: true,
    // A key relation gets ON UPDATE CASCADE by default; the migration's foreign key has none.
    updateRule: 'no action',
    joinColumn: 'import_id',
    deleteRule: 'cascade',
  })
  importId!: string;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  seq!: number;

  @Property({ type: 'blob' })
  bytes!: Buffer;
}

/**
 * A line of an import's report while the job runs, written a chunk at a time so the job never
 * holds the whole report; it becomes `directory_import.report` when the import ends.
 * `phase` 0: items the parser refused, 1: what the writes did (the report lists them in that order).
 */
@Entity({ tableName: 'directory_import_report_row' })
export class DirectoryImportReportRow {
  [EntityName]?: 'DirectoryImportReportRow';

  @ManyToOne(() => DirectoryImport, {
    primary: true,
    mapToPk: true,
    updateRule: 'no action',
    joinColumn: 'import_id',
    deleteRule: 'cascade',
  })
  importId!: string;

  @PrimaryKey({ type: 'smallint', autoincrement: false })
  phase!: number;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  seq!: number;

  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  outcome!: string;

  @Property({ type: 'text', nullable: true })
  reason!: string | null;

  @Property({ type: 'json', nullable: true })
  changes!: readonly string[] | null;
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
  DirectoryImport,
  DirectoryImportPart,
  DirectoryImportReportRow,
];

export type DirectoryTables = TablesOf<
  | typeof Municipality
  | typeof SchoolUnit
  | typeof Person
  | typeof Enrolment
  | typeof StudentGroup
  | typeof GroupMembership
  | typeof Guardianship
  | typeof StaffDuty
  | typeof DirectoryImport
  | typeof DirectoryImportPart
  | typeof DirectoryImportReportRow
>;
