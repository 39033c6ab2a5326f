import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import { AccountProvisioningService } from '../auth/account-provisioning.service';
import { collectGuardians, syncGroupMembers, syncGuardians } from './directory-import-links';
import { diffColumns, reportOf, withChange } from './directory-import-report';
import type { DirectoryTables } from './directory.entities';
import type {
  DutyItem,
  GroupItem,
  ImportDocument,
  MunicipalityItem,
  PersonItem,
  SchoolUnitItem,
} from './import/import-document';

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
    /** Creates the account of each new person, in the person's savepoint. */
    private readonly accounts: AccountProvisioningService = new AccountProvisioningService(),
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
    const db = em.getKysely<DirectoryTables>();
    const existing = await db
      .selectFrom('municipality')
      .select(['id', 'name', 'organisation_number'])
      .where('external_id', '=', item.key)
      .executeTakeFirst();
    if (!existing) {
      const id = randomUUID();
      await db
        .insertInto('municipality')
        .values({
          id,
          external_id: item.key,
          name: item.name,
          organisation_number: item.organisationNumber,
          created_at: this.now(),
          updated_at: this.now(),
        })
        .execute();
      this.municipalityIds.set(item.key, id);
      return { source: item.source, kind: 'huvudman', outcome: 'created' };
    }
    this.municipalityIds.set(item.key, existing.id);
    const diff = diffColumns(existing, {
      name: item.name,
      organisation_number: item.organisationNumber,
    });
    if (diff.changed.length > 0) {
      await db
        .updateTable('municipality')
        .set({ ...diff.values, updated_at: this.now() })
        .where('id', '=', existing.id)
        .execute();
    }
    return reportOf(diff.changed, item.source, 'huvudman');
  }

  /** The service's own municipality, created on first need. */
  private async ensureDefaultMunicipality(em: EntityManager): Promise<string> {
    if (this.defaultMunicipalityId) {
      return this.defaultMunicipalityId;
    }
    const row = await em
      .getKysely<DirectoryTables>()
      .insertInto('municipality')
      .values({
        id: randomUUID(),
        external_id: 'default',
        name: this.defaultMunicipalityName,
        organisation_number: null,
        created_at: this.now(),
        updated_at: this.now(),
      })
      .onConflict((conflict) =>
        conflict.column('external_id').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    this.defaultMunicipalityId = row.id;
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
    const db = em.getKysely<DirectoryTables>();
    const code = item.schoolUnitCode;
    const existing = await db
      .selectFrom('school_unit')
      .select(['id', 'external_id', 'name', 'school_unit_code', 'municipality_id'])
      .$if(code !== null, (query) =>
        query
          .where((eb) =>
            eb.or([eb('school_unit_code', '=', code), eb('external_id', '=', item.key)]),
          )
          // The unit with the code before one that only has the source id.
          .orderBy(sql`(school_unit_code = ${code})`, 'desc'),
      )
      .$if(code === null, (query) => query.where('external_id', '=', item.key))
      .limit(1)
      .executeTakeFirst();
    if (!existing) {
      const id = randomUUID();
      await db
        .insertInto('school_unit')
        .values({
          id,
          external_id: item.key,
          name: item.name,
          school_unit_code: item.schoolUnitCode,
          municipality_id: municipalityId,
          created_at: this.now(),
          updated_at: this.now(),
        })
        .execute();
      this.unitIds.set(item.key, id);
      return { source: item.source, kind: 'skolenhet', outcome: 'created' };
    }
    this.unitIds.set(item.key, existing.id);
    const diff = diffColumns(existing, {
      external_id: item.key,
      name: item.name,
      school_unit_code: item.schoolUnitCode,
      municipality_id: municipalityId,
    });
    if (diff.changed.length > 0) {
      await db
        .updateTable('school_unit')
        .set({ ...diff.values, updated_at: this.now() })
        .where('id', '=', existing.id)
        .execute();
    }
    return reportOf(diff.changed, item.source, 'skolenhet');
  }

  private async applyPerson(em: EntityManager, item: PersonItem): Promise<ImportReportEntry> {
    const db = em.getKysely<DirectoryTables>();
    const existing = await db
      .selectFrom('person')
      .select([
        'id',
        'external_id',
        'given_name',
        'family_name',
        'security_marking',
        'imported_email',
      ])
      .where('civic_no', '=', item.civicNo)
      .limit(1)
      .executeTakeFirst();
    let entry: ImportReportEntry;
    let personId: string;
    if (!existing) {
      personId = randomUUID();
      await db
        .insertInto('person')
        .values({
          id: personId,
          external_id: item.key,
          civic_no: item.civicNo,
          given_name: item.givenName,
          family_name: item.familyName,
          security_marking: item.securityMarking,
          imported_email: item.email,
          created_at: this.now(),
          updated_at: this.now(),
        })
        .execute();
      await this.accounts.createAccount(
        em,
        { id: personId, givenName: item.givenName, familyName: item.familyName },
        this.now(),
      );
      entry = { source: item.source, kind: 'person', outcome: 'created' };
    } else {
      personId = existing.id;
      const diff = diffColumns(existing, {
        external_id: item.key,
        given_name: item.givenName,
        family_name: item.familyName,
        security_marking: item.securityMarking,
        imported_email: item.email,
      });
      if (diff.changed.length > 0) {
        await db
          .updateTable('person')
          .set({ ...diff.values, updated_at: this.now() })
          .where('id', '=', existing.id)
          .execute();
      }
      entry = reportOf(diff.changed, item.source, 'person');
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
    const db = em.getKysely<DirectoryTables>();
    let changes = 0;
    for (const enrolment of item.enrolments) {
      const schoolUnitId = this.unitIds.get(enrolment.schoolUnitKey);
      if (!schoolUnitId) {
        throw new ItemRejected(
          `Inskrivningen hänvisar till en skolenhet som inte finns i filen (${enrolment.schoolUnitKey}).`,
        );
      }
      const existing = await db
        .selectFrom('enrolment')
        .select(['id', 'school_year', 'end_date'])
        .where('person_id', '=', personId)
        .where('school_unit_id', '=', schoolUnitId)
        .where('school_form', '=', enrolment.schoolForm)
        .where('start_date', '=', enrolment.startDate)
        .executeTakeFirst();
      if (!existing) {
        await db
          .insertInto('enrolment')
          .values({
            id: randomUUID(),
            person_id: personId,
            school_unit_id: schoolUnitId,
            school_form: enrolment.schoolForm,
            school_year: enrolment.schoolYear,
            start_date: enrolment.startDate,
            end_date: enrolment.endDate,
            updated_at: this.now(),
          })
          .execute();
        changes += 1;
      } else if (
        existing.school_year !== enrolment.schoolYear ||
        existing.end_date !== enrolment.endDate
      ) {
        await db
          .updateTable('enrolment')
          .set({
            school_year: enrolment.schoolYear,
            end_date: enrolment.endDate,
            updated_at: this.now(),
          })
          .where('id', '=', existing.id)
          .execute();
        changes += 1;
      }
    }
    return changes;
  }

  private async applyGroup(em: EntityManager, item: GroupItem): Promise<ImportReportEntry> {
    const schoolUnitId = this.unitIds.get(item.schoolUnitKey);
    if (!schoolUnitId) {
      throw new ItemRejected(
        `Gruppen hänvisar till en skolenhet som inte finns i filen (${item.schoolUnitKey}).`,
      );
    }
    const db = em.getKysely<DirectoryTables>();
    const existing = await db
      .selectFrom('student_group')
      .select([
        'id',
        'school_unit_id',
        'name',
        'group_type',
        'school_year',
        'start_date',
        'end_date',
      ])
      .where('external_id', '=', item.key)
      .executeTakeFirst();
    let entry: ImportReportEntry;
    let groupId: string;
    if (!existing) {
      groupId = randomUUID();
      await db
        .insertInto('student_group')
        .values({
          id: groupId,
          external_id: item.key,
          school_unit_id: schoolUnitId,
          name: item.name,
          group_type: item.groupType,
          school_year: item.schoolYear,
          start_date: item.startDate,
          end_date: item.endDate,
          updated_at: this.now(),
        })
        .execute();
      entry = { source: item.source, kind: 'grupp', outcome: 'created' };
    } else {
      groupId = existing.id;
      const diff = diffColumns(existing, {
        school_unit_id: schoolUnitId,
        name: item.name,
        group_type: item.groupType,
        school_year: item.schoolYear,
        start_date: item.startDate,
        end_date: item.endDate,
      });
      if (diff.changed.length > 0) {
        await db
          .updateTable('student_group')
          .set({ ...diff.values, updated_at: this.now() })
          .where('id', '=', existing.id)
          .execute();
      }
      entry = reportOf(diff.changed, item.source, 'grupp');
    }
    this.groupIds.set(item.key, groupId);

    const memberIds = item.memberKeys.map((key) => {
      const id = this.personIds.get(key);
      if (!id) {
        throw new ItemRejected(`Gruppen har en medlem som inte finns i filen (${key}).`);
      }
      return id;
    });
    const membersChanged = await syncGroupMembers(em, groupId, memberIds);
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
    const changed = await syncGuardians(em, pupilId, guardianIds);
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
    const personId = this.personIds.get(item.personKey);
    if (!personId) {
      throw new ItemRejected(
        `Uppdraget hänvisar till en person som inte finns i filen (${item.personKey}).`,
      );
    }
    const wanted = {
      person_id: personId,
      role: item.role,
      school_unit_id: resolve(this.unitIds, item.schoolUnitKey, 'en skolenhet'),
      group_id: resolve(this.groupIds, item.groupKey, 'en grupp'),
      pupil_id: resolve(this.personIds, item.pupilKey, 'en elev'),
      subject: item.subject,
      start_date: item.startDate,
      end_date: item.endDate,
    };
    const db = em.getKysely<DirectoryTables>();
    const existing = await db
      .selectFrom('staff_duty')
      .select([
        'id',
        'person_id',
        'role',
        'school_unit_id',
        'group_id',
        'pupil_id',
        'subject',
        'start_date',
        'end_date',
      ])
      .where('external_id', '=', item.key)
      .executeTakeFirst();
    if (!existing) {
      await db
        .insertInto('staff_duty')
        .values({ id: randomUUID(), external_id: item.key, ...wanted, updated_at: this.now() })
        .execute();
      return { source: item.source, kind: 'uppdrag', outcome: 'created' };
    }
    const diff = diffColumns(existing, wanted);
    if (diff.changed.length > 0) {
      await db
        .updateTable('staff_duty')
        .set({ ...diff.values, updated_at: this.now() })
        .where('id', '=', existing.id)
        .execute();
    }
    return reportOf(diff.changed, item.source, 'uppdrag');
  }
}
