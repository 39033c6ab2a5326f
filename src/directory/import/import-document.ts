import type { DutyRole, GroupType, SchoolForm, SecurityMarking } from '../directory.types';

/**
 * What an import file says, whatever its format (SS 12000 JSON or CSV): the
 * parsers turn a file into this, and the importer writes it. Every item keeps
 * the label of the place it came from (`persons[3]`, `rad 7`) so the report
 * can say, per row, what became of it.
 *
 * Keys (`key`, `*Key`) are the source's stable identifiers: SS 12000 ids, or
 * for CSV ids derived from natural keys (school unit code, civic number,
 * class name). The same file always gives the same keys, which is what makes
 * an import idempotent.
 */
export interface ImportDocument {
  readonly format: ImportFormat;
  /** Huvudmän (SS 12000 Organisation of type Huvudman). Units without one belong to the service's own municipality. */
  readonly municipalities: readonly MunicipalityItem[];
  readonly schoolUnits: readonly SchoolUnitItem[];
  readonly persons: readonly PersonItem[];
  readonly groups: readonly GroupItem[];
  readonly duties: readonly DutyItem[];
  /** Items the parser already refused (bad shape, invalid civic number, …). */
  readonly rejected: readonly RejectedItem[];
}

export type ImportFormat = 'ss12000' | 'csv';

export interface SourceRef {
  /** Where in the file: `persons[3]`, `organisations[0]`, `rad 7`. */
  readonly source: string;
}

export interface MunicipalityItem extends SourceRef {
  readonly key: string;
  readonly name: string;
  /** Organisationsnummer, e.g. 212000-1488, when the source has it. */
  readonly organisationNumber: string | null;
}

export interface SchoolUnitItem extends SourceRef {
  readonly key: string;
  /** The huvudman's key; null: the service's own municipality (MUNICIPALITY_NAME). */
  readonly municipalityKey: string | null;
  readonly name: string;
  /** Skolenhetskod (8 digits), when the source has it. */
  readonly schoolUnitCode: string | null;
}

export interface EnrolmentItem {
  readonly schoolUnitKey: string;
  readonly schoolForm: SchoolForm;
  readonly schoolYear: number | null;
  /** ISO dates, YYYY-MM-DD. */
  readonly startDate: string;
  readonly endDate: string | null;
}

export interface PersonItem extends SourceRef {
  readonly key: string;
  /** Normalised to 12 digits, YYYYMMDDNNNN (coordination numbers keep day + 60). */
  readonly civicNo: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly securityMarking: SecurityMarking;
  /** An e-mail address from the source system (never a guardian's own entry). */
  readonly email: string | null;
  readonly enrolments: readonly EnrolmentItem[];
  /** Keys of the persons this person is a guardian (vårdnadshavare) of. */
  readonly guardianOf: readonly string[];
}

export interface GroupItem extends SourceRef {
  readonly key: string;
  readonly schoolUnitKey: string;
  readonly name: string;
  readonly groupType: GroupType;
  readonly schoolYear: number | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
  /** Keys of the member persons (pupils). */
  readonly memberKeys: readonly string[];
}

export interface DutyItem extends SourceRef {
  readonly key: string;
  readonly personKey: string;
  readonly role: DutyRole;
  readonly schoolUnitKey: string | null;
  readonly groupKey: string | null;
  readonly pupilKey: string | null;
  readonly subject: string | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

export interface RejectedItem extends SourceRef {
  /** Why, in Swedish, for the administrator reading the report. */
  readonly reason: string;
}

/** A pupil's guardians as the file has them: a pupil in the file is authoritative for their custody. */
export interface GuardianshipItem extends SourceRef {
  readonly pupilKey: string;
  readonly guardianKeys: readonly string[];
}

/**
 * What an import file says, told to a reader as the file is read, in the order the importer writes
 * it: a national-scale file's persons are written a chunk at a time as they are read, never all held
 * at once. Persons come with `guardianOf` empty; custody comes with the rest, once every person is
 * known (a guardian may come after the child in the file).
 */
export interface ImportStream {
  readonly format: ImportFormat;
  read(reader: ImportStreamReader): Promise<ImportStreamRest>;
}

export interface ImportStreamReader {
  /** An item the parser refused, as soon as it is found. */
  rejected(item: RejectedItem): void;
  /**
   * The huvudmän and school units (persons refer to them), before any person; `expectedItems` is
   * how many items the file seems to have (its lists' lengths), for progress until all are known.
   */
  organisations(
    municipalities: readonly MunicipalityItem[],
    schoolUnits: readonly SchoolUnitItem[],
    expectedItems: number,
  ): Promise<void>;
  /** Each accepted person, in the file's order. */
  person(item: PersonItem): Promise<void>;
}

/** What is known once every person is read. */
export interface ImportStreamRest {
  readonly groups: readonly GroupItem[];
  readonly duties: readonly DutyItem[];
  /** One per pupil (a person with an enrolment), in the file's order, with no guardians too. */
  readonly guardianships: readonly GuardianshipItem[];
}
