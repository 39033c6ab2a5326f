import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';

import type {
  DutyItem,
  GroupItem,
  ImportDocument,
  MunicipalityItem,
  PersonItem,
  SchoolUnitItem,
} from './import/import-document';
import { createUsername } from './usernames';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

/** One line of an import report: what became of one item of the file. */
export interface ImportReportEntry {
  readonly source: string;
  /** What the item is, in Swedish: skolenhet, person, klass, uppdrag, vårdnadshavare. */
  readonly kind: string;
  readonly outcome: ImportOutcome;
  /** For rejected items: why, in Swedish. */
  readonly reason?: string;
  /** For updated items: which fields changed (names, never values). */
  readonly changes?: readonly string[];
}

export interface ImportProgress {
  readonly processed: number;
  readonly total: number;
}

type Row = Record<string, unknown>;

/** Items per transaction; each item also has its own savepoint. */
const CHUNK_SIZE = 200;

/** Thrown inside an item's savepoint to roll back just that item. */
class ItemRejected extends Error {}

/**
 * Writes an ImportDocument into the directory.
 *
 * - Idempotent: the same file twice gives `unchanged` for every item the
 *   second time, and no writes.
 * - A rejected item never half-writes: each item runs in a savepoint that is
 *   rolled back if any part of it fails.
 * - Persons are matched on their civic number, school units on their school
 *   unit code (else the source id), groups and duties on the source id.
 * - A class in the file is authoritative for its members, and a pupil in the
 *   file for their guardians: members or guardians no longer listed are
 *   removed, so nobody keeps access through an old class or custody.
 *   Duties are never deleted by an import; a duty ends through its end date.
 * - Contact details a guardian entered are not in these tables and are never
 *   touched; only the source system's own e-mail is stored, apart.
 */
export class DirectoryImporter {
  private readonly municipalityIds = new Map<string, string>();
  private defaultMunicipalityId: string | undefined;
  private readonly unitIds = new Map<string, string>();
  private readonly personIds = new Map<string, string>();
  private readonly groupIds = new Map<string, string>();
  private readonly report: ImportReportEntry[] = [];
  private processed = 0;

  constructor(
    private readonly em: EntityManager,
    /** The service's own municipality (MUNICIPALITY_NAME): huvudman of units the file names none for. */
    private readonly defaultMunicipalityName: string,
    private readonly onProgress: (progress: ImportProgress) => Promise<void> = async () => {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  static countItems(document: ImportDocument): number {
    return (
      document.rejected.length +
      document.municipalities.length +
      document.schoolUnits.length +
      document.persons.length +
      document.groups.length +
      document.duties.length +
      document.persons.filter((person) => person.enrolments.length > 0).length
    );
  }

  async apply(document: ImportDocument): Promise<ImportReportEntry[]> {
    const total = DirectoryImporter.countItems(document);
    for (const rejected of document.rejected) {
      this.report.push({
        source: rejected.source,
        kind: 'rad',
        outcome: 'rejected',
        reason: rejected.reason,
      });
    }
    this.processed = document.rejected.length;

    await this.inChunks(document.municipalities, total, (em, item) =>
      this.applyMunicipality(em, item),
    );
    await this.inChunks(document.schoolUnits, total, (em, item) => this.applySchoolUnit(em, item));
    await this.inChunks(document.persons, total, (em, item) => this.applyPerson(em, item));
    await this.inChunks(document.groups, total, (em, item) => this.applyGroup(em, item));
    const guardiansByPupil = collectGuardians(document.persons);
    const pupils = document.persons.filter((person) => person.enrolments.length > 0);
    await this.inChunks(pupils, total, (em, pupil) =>
      this.applyGuardianships(em, pupil, guardiansByPupil.get(pupil.key) ?? []),
    );
    await this.inChunks(document.duties, total, (em, item) => this.applyDuty(em, item));
    return this.report;
  }

  private async inChunks<T extends { source: string }>(
    items: readonly T[],
    total: number,
    applyItem: (em: EntityManager, item: T) => Promise<ImportReportEntry>,
  ): Promise<void> {
    for (let start = 0; start < items.length; start += CHUNK_SIZE) {
      const chunk = items.slice(start, start + CHUNK_SIZE);
      await this.em.fork().transactional(async (em) => {
        for (const item of chunk) {
          this.report.push(await this.inSavepoint(em, item, applyItem));
        }
      });
      this.processed += chunk.length;
      await this.onProgress({ processed: this.processed, total });
    }
  }

  private async inSavepoint<T extends { source: string }>(
    em: EntityManager,
    item: T,
    applyItem: (em: EntityManager, item: T) => Promise<ImportReportEntry>,
  ): Promise<ImportReportEntry> {
    try {
      return await em.transactional((savepoint) => applyItem(savepoint, item));
    } catch (error) {
      const reason =
        error instanceof ItemRejected
          ? error.message
          : 'Raden kunde inte sparas (den strider mot en annan uppgift i katalogen).';
      return { source: item.source, kind: 'rad', outcome: 'rejected', reason };
    }
  }

  private async applyMunicipality(
    em: EntityManager,
    item: MunicipalityItem,
  ): Promise<ImportReportEntry> {
    const existing = await first(em, 'select * from municipality where external_id = ?', [
      item.key,
    ]);
    if (!existing) {
      const id = randomUUID();
      await em.execute(
        `insert into municipality (id, external_id, name, organisation_number, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?)`,
        [id, item.key, item.name, item.organisationNumber, this.now(), this.now()],
      );
      this.municipalityIds.set(item.key, id);
      return { source: item.source, kind: 'huvudman', outcome: 'created' };
    }
    this.municipalityIds.set(item.key, String(existing.id));
    return this.updateIfChanged(
      em,
      'municipality',
      existing,
      { name: item.name, organisation_number: item.organisationNumber },
      item.source,
      'huvudman',
    );
  }

  /** The service's own municipality, created on first need. */
  private async ensureDefaultMunicipality(em: EntityManager): Promise<string> {
    if (this.defaultMunicipalityId) {
      return this.defaultMunicipalityId;
    }
    const [row] = await em.execute<Row[]>(
      `insert into municipality (id, external_id, name, created_at, updated_at) values (?, 'default', ?, ?, ?)
       on conflict (external_id) do update set name = excluded.name returning id`,
      [randomUUID(), this.defaultMunicipalityName, this.now(), this.now()],
    );
    this.defaultMunicipalityId = String(row?.id);
    return this.defaultMunicipalityId;
  }

  private async applySchoolUnit(
    em: EntityManager,
    item: SchoolUnitItem,
  ): Promise<ImportReportEntry> {
    const municipalityId =
      item.municipalityKey === null
        ? await this.ensureDefaultMunicipality(em)
        : this.municipalityIds.get(item.municipalityKey);
    if (!municipalityId) {
      throw new ItemRejected(`Skolenhetens huvudman finns inte i filen (${item.municipalityKey}).`);
    }
    const existing = await first(
      em,
      item.schoolUnitCode
        ? 'select * from school_unit where school_unit_code = ? or external_id = ? order by (school_unit_code = ?) desc limit 1'
        : 'select * from school_unit where external_id = ? limit 1',
      item.schoolUnitCode ? [item.schoolUnitCode, item.key, item.schoolUnitCode] : [item.key],
    );
    const wanted = {
      external_id: item.key,
      name: item.name,
      school_unit_code: item.schoolUnitCode,
      municipality_id: municipalityId,
    };
    if (!existing) {
      const id = randomUUID();
      await em.execute(
        `insert into school_unit (id, external_id, name, school_unit_code, municipality_id, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?)`,
        [id, item.key, item.name, item.schoolUnitCode, municipalityId, this.now(), this.now()],
      );
      this.unitIds.set(item.key, id);
      return { source: item.source, kind: 'skolenhet', outcome: 'created' };
    }
    this.unitIds.set(item.key, String(existing.id));
    return this.updateIfChanged(em, 'school_unit', existing, wanted, item.source, 'skolenhet');
  }

  private async applyPerson(em: EntityManager, item: PersonItem): Promise<ImportReportEntry> {
    const existing = await first(em, 'select * from person where civic_no = ? limit 1', [
      item.civicNo,
    ]);
    const wanted = {
      external_id: item.key,
      given_name: item.givenName,
      family_name: item.familyName,
      security_marking: item.securityMarking,
      imported_email: item.email,
    };
    let entry: ImportReportEntry;
    let personId: string;
    if (!existing) {
      personId = randomUUID();
      await em.execute(
        `insert into person (id, external_id, civic_no, given_name, family_name, security_marking,
           imported_email, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          personId,
          item.key,
          item.civicNo,
          item.givenName,
          item.familyName,
          item.securityMarking,
          item.email,
          this.now(),
          this.now(),
        ],
      );
      await this.createAccount(em, personId, item);
      entry = { source: item.source, kind: 'person', outcome: 'created' };
    } else {
      personId = String(existing.id);
      entry = await this.updateIfChanged(em, 'person', existing, wanted, item.source, 'person');
    }

    const enrolmentChanges = await this.applyEnrolments(em, personId, item);
    this.personIds.set(item.key, personId);
    if (enrolmentChanges > 0 && entry.outcome === 'unchanged') {
      return { source: item.source, kind: 'person', outcome: 'updated', changes: ['inskrivning'] };
    }
    if (enrolmentChanges > 0 && entry.outcome === 'updated') {
      return { ...entry, changes: [...(entry.changes ?? []), 'inskrivning'] };
    }
    return entry;
  }

  /** Adds and updates the enrolments the file lists; never deletes one (a file may list only current ones). */
  private async applyEnrolments(
    em: EntityManager,
    personId: string,
    item: PersonItem,
  ): Promise<number> {
    let changes = 0;
    for (const enrolment of item.enrolments) {
      const schoolUnitId = this.unitIds.get(enrolment.schoolUnitKey);
      if (!schoolUnitId) {
        throw new ItemRejected(
          `Inskrivningen hänvisar till en skolenhet som inte finns i filen (${enrolment.schoolUnitKey}).`,
        );
      }
      const existing = await first(
        em,
        `select id, school_year, end_date from enrolment
          where person_id = ? and school_unit_id = ? and school_form = ? and start_date = ?`,
        [personId, schoolUnitId, enrolment.schoolForm, enrolment.startDate],
      );
      if (!existing) {
        await em.execute(
          `insert into enrolment (id, person_id, school_unit_id, school_form, school_year, start_date, end_date, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            randomUUID(),
            personId,
            schoolUnitId,
            enrolment.schoolForm,
            enrolment.schoolYear,
            enrolment.startDate,
            enrolment.endDate,
            this.now(),
          ],
        );
        changes += 1;
      } else if (
        existing.school_year !== enrolment.schoolYear ||
        existing.end_date !== enrolment.endDate
      ) {
        await em.execute(
          'update enrolment set school_year = ?, end_date = ?, updated_at = ? where id = ?',
          [enrolment.schoolYear, enrolment.endDate, this.now(), existing.id],
        );
        changes += 1;
      }
    }
    return changes;
  }

  private async createAccount(
    em: EntityManager,
    personId: string,
    item: PersonItem,
  ): Promise<void> {
    const taken = async (username: string): Promise<boolean> =>
      (await first(em, 'select 1 from account where username = ?', [username])) !== undefined;
    const username = await createUsername(item.givenName, item.familyName, taken);
    // No password: people sign in with e-legitimation, or get a password from an administrator.
    await em.execute(
      'insert into account (id, person_id, username, created_at, updated_at) values (?, ?, ?, ?, ?)',
      [randomUUID(), personId, username, this.now(), this.now()],
    );
  }

  private async applyGroup(em: EntityManager, item: GroupItem): Promise<ImportReportEntry> {
    const schoolUnitId = this.unitIds.get(item.schoolUnitKey);
    if (!schoolUnitId) {
      throw new ItemRejected(
        `Gruppen hänvisar till en skolenhet som inte finns i filen (${item.schoolUnitKey}).`,
      );
    }
    const existing = await first(em, 'select * from student_group where external_id = ?', [
      item.key,
    ]);
    const wanted = {
      school_unit_id: schoolUnitId,
      name: item.name,
      group_type: item.groupType,
      school_year: item.schoolYear,
      start_date: item.startDate,
      end_date: item.endDate,
    };
    let entry: ImportReportEntry;
    let groupId: string;
    if (!existing) {
      groupId = randomUUID();
      await em.execute(
        `insert into student_group (id, external_id, school_unit_id, name, group_type, school_year, start_date, end_date, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          groupId,
          item.key,
          schoolUnitId,
          item.name,
          item.groupType,
          item.schoolYear,
          item.startDate,
          item.endDate,
          this.now(),
        ],
      );
      entry = { source: item.source, kind: 'grupp', outcome: 'created' };
    } else {
      groupId = String(existing.id);
      entry = await this.updateIfChanged(
        em,
        'student_group',
        existing,
        wanted,
        item.source,
        'grupp',
      );
    }
    this.groupIds.set(item.key, groupId);

    const memberIds = item.memberKeys.map((key) => {
      const id = this.personIds.get(key);
      if (!id) {
        throw new ItemRejected(`Gruppen har en medlem som inte finns i filen (${key}).`);
      }
      return id;
    });
    const membersChanged = await syncSet(em, {
      table: 'group_membership',
      ownerColumn: 'group_id',
      ownerId: groupId,
      memberColumn: 'person_id',
      memberIds,
    });
    return withChange(entry, membersChanged, 'medlemmar');
  }

  private async applyGuardianships(
    em: EntityManager,
    pupil: PersonItem,
    guardianKeys: readonly string[],
  ): Promise<ImportReportEntry> {
    const pupilId = this.personIds.get(pupil.key);
    if (!pupilId) {
      throw new ItemRejected('Eleven kunde inte sparas, så inte heller elevens vårdnadshavare.');
    }
    const guardianIds = guardianKeys
      .map((key) => this.personIds.get(key))
      .filter((id): id is string => id !== undefined);
    const changed = await syncSet(em, {
      table: 'guardianship',
      ownerColumn: 'pupil_id',
      ownerId: pupilId,
      memberColumn: 'guardian_id',
      memberIds: guardianIds,
    });
    return {
      source: pupil.source,
      kind: 'vårdnadshavare',
      outcome: changed ? 'updated' : 'unchanged',
      ...(changed ? { changes: ['vårdnadshavare'] } : {}),
    };
  }

  private async applyDuty(em: EntityManager, item: DutyItem): Promise<ImportReportEntry> {
    const resolve = (map: Map<string, string>, key: string | null, what: string): string | null => {
      if (key === null) {
        return null;
      }
      const id = map.get(key);
      if (!id) {
        throw new ItemRejected(`Uppdraget hänvisar till ${what} som inte finns i filen (${key}).`);
      }
      return id;
    };
    const wanted = {
      person_id: resolve(this.personIds, item.personKey, 'en person'),
      role: item.role,
      school_unit_id: resolve(this.unitIds, item.schoolUnitKey, 'en skolenhet'),
      group_id: resolve(this.groupIds, item.groupKey, 'en grupp'),
      pupil_id: resolve(this.personIds, item.pupilKey, 'en elev'),
      subject: item.subject,
      start_date: item.startDate,
      end_date: item.endDate,
    };
    const existing = await first(em, 'select * from staff_duty where external_id = ?', [item.key]);
    if (!existing) {
      await em.execute(
        `insert into staff_duty (id, external_id, person_id, role, school_unit_id, group_id, pupil_id, subject,
           start_date, end_date, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          randomUUID(),
          item.key,
          wanted.person_id,
          wanted.role,
          wanted.school_unit_id,
          wanted.group_id,
          wanted.pupil_id,
          wanted.subject,
          wanted.start_date,
          wanted.end_date,
          this.now(),
        ],
      );
      return { source: item.source, kind: 'uppdrag', outcome: 'created' };
    }
    return this.updateIfChanged(em, 'staff_duty', existing, wanted, item.source, 'uppdrag');
  }

  /** Updates only the columns whose values differ, and says which. */
  private async updateIfChanged(
    em: EntityManager,
    table: string,
    existing: Row,
    wanted: Record<string, string | number | null>,
    source: string,
    kind: string,
  ): Promise<ImportReportEntry> {
    const changed = Object.keys(wanted).filter(
      (column) => normalise(existing[column]) !== normalise(wanted[column]),
    );
    if (changed.length === 0) {
      return { source, kind, outcome: 'unchanged' };
    }
    const assignments = changed.map((column) => `${column} = ?`).join(', ');
    await em.execute(`update ${table} set ${assignments}, updated_at = ? where id = ?`, [
      ...changed.map((column) => wanted[column] ?? null),
      this.now(),
      existing.id,
    ]);
    return { source, kind, outcome: 'updated', changes: changed.map(describeColumn) };
  }
}

function collectGuardians(persons: readonly PersonItem[]): Map<string, string[]> {
  const byPupil = new Map<string, string[]>();
  for (const guardian of persons) {
    for (const pupilKey of guardian.guardianOf) {
      byPupil.set(pupilKey, [...(byPupil.get(pupilKey) ?? []), guardian.key]);
    }
  }
  return byPupil;
}

/** Makes the members of one owner exactly `memberIds`; true when anything changed. */
async function syncSet(
  em: EntityManager,
  set: {
    table: string;
    ownerColumn: string;
    ownerId: string;
    memberColumn: string;
    memberIds: readonly string[];
  },
): Promise<boolean> {
  const wanted = [...new Set(set.memberIds)];
  const removed =
    wanted.length === 0
      ? await em.execute<Row[]>(
          `delete from ${set.table} where ${set.ownerColumn} = ? returning 1`,
          [set.ownerId],
        )
      : await em.execute<Row[]>(
          `delete from ${set.table} where ${set.ownerColumn} = ? and ${set.memberColumn} not in (?) returning 1`,
          [set.ownerId, wanted],
        );
  let added = 0;
  for (const memberId of wanted) {
    const inserted = await em.execute<Row[]>(
      `insert into ${set.table} (${set.ownerColumn}, ${set.memberColumn}) values (?, ?) on conflict do nothing returning 1`,
      [set.ownerId, memberId],
    );
    added += inserted.length;
  }
  return removed.length > 0 || added > 0;
}

function withChange(entry: ImportReportEntry, changed: boolean, what: string): ImportReportEntry {
  if (!changed || entry.outcome === 'created') {
    return entry;
  }
  return { ...entry, outcome: 'updated', changes: [...(entry.changes ?? []), what] };
}

async function first(em: EntityManager, sql: string, params: unknown[]): Promise<Row | undefined> {
  const rows = await em.execute<Row[]>(sql, params);
  return rows[0];
}

/** Dates come back from the driver as strings (YYYY-MM-DD); everything compares as text. */
function normalise(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const COLUMN_NAMES: Readonly<Record<string, string>> = {
  external_id: 'källans id',
  name: 'namn',
  school_unit_code: 'skolenhetskod',
  municipality_id: 'huvudman',
  organisation_number: 'organisationsnummer',
  given_name: 'förnamn',
  family_name: 'efternamn',
  security_marking: 'skyddad identitet',
  imported_email: 'e-post',
  school_unit_id: 'skolenhet',
  group_type: 'grupptyp',
  school_year: 'årskurs',
  start_date: 'startdatum',
  end_date: 'slutdatum',
  person_id: 'person',
  role: 'roll',
  group_id: 'grupp',
  pupil_id: 'elev',
  subject: 'ämne',
};

function describeColumn(column: string): string {
  return COLUMN_NAMES[column] ?? column;
}
