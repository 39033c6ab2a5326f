import { randomUUID } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';

import { AccountProvisioningService } from '../auth/account-provisioning.service';
import { UsernamePool } from '../auth/username-pool';
import { streamOf } from './directory-import-links';
import { diffColumns, reportOf } from './directory-import-report';
import {
  readPersonIds,
  SetNotApplicable,
  writeDuties,
  writeGroups,
  writeGuardianships,
  writePersons,
} from './directory-import-sets';
import type { ImportIds, SetOutcome } from './directory-import-sets';
import type { DirectoryTables } from './directory.entities';
import type {
  ImportDocument,
  ImportStream,
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

/**
 * Where an import's report goes, an entry at a time: held in memory (`ReportInMemory`) or written
 * to the database a chunk of rows at a time as the import goes (the job's, so that a national-scale
 * report is never held whole). Items the parser refused are listed before what the writes did.
 */
export interface ImportReportSink {
  /** An item the parser refused. */
  addRefused(entry: ImportReportEntry): void;
  /** What a write did to an item. */
  add(entry: ImportReportEntry): void;
  /** Writes what is buffered: all of it when `all`, else only once enough has gathered. */
  flush(all: boolean): Promise<void>;
}

/** A report held whole: for files held whole anyway (CSV) and for tests. */
export class ReportInMemory implements ImportReportSink {
  private readonly refused: ImportReportEntry[] = [];
  private readonly written: ImportReportEntry[] = [];

  addRefused(entry: ImportReportEntry): void {
    this.refused.push(entry);
  }

  add(entry: ImportReportEntry): void {
    this.written.push(entry);
  }

  async flush(): Promise<void> {}

  entries(): ImportReportEntry[] {
    return [...this.refused, ...this.written];
  }
}

/** Items per transaction when written item by item; each item also has its own savepoint. */
const CHUNK_SIZE = 200;
/**
 * Items per transaction when written as a set (a few statements per chunk). At 100,000 pupils the
 * round trips are most of the time: "the same file again" took 38 s at 1,000 and 23 s at 10,000.
 */
const SET_CHUNK_SIZE = 10_000;

/**
 * A set that has the same key twice, or that the database refused for its data (SQLSTATE class 22,
 * data exception, or 23, integrity constraint): redone item by item. Anything else (a lost
 * connection) fails the job, which is retried.
 */
function isRecoverable(error: unknown): boolean {
  if (error instanceof SetNotApplicable) {
    return true;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)/.test(code);
}

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
  /**
   * Persons of the file the writes refused. The persons' row ids are not held (300,000 of them at
   * 100,000 pupils): each later chunk reads the ids of the persons it names by their key
   * (`person.external_id`, which every written person has), less these.
   */
  private readonly refusedPersons = new Set<string>();
  private readonly groupIds = new Map<string, string>();
  private readonly usernames = new UsernamePool();
  private report: ImportReportSink = new ReportInMemory();
  private processed = 0;
  private total = 0;

  constructor(
    private readonly em: EntityManager,
    /** The service's own municipality (MUNICIPALITY_NAME): huvudman of units the file names none for. */
    private readonly defaultMunicipalityName: string,
    private readonly onProgress: (progress: ImportProgress) => Promise<void> = async () => {},
    private readonly now: () => Date = () => new Date(),
    /** Creates the account of each new person, in the person's savepoint. */
    private readonly accounts: AccountProvisioningService = new AccountProvisioningService(),
  ) {}

  /** Writes a document held whole; the report, in memory. */
  async apply(document: ImportDocument): Promise<ImportReportEntry[]> {
    const report = new ReportInMemory();
    await this.read(streamOf(document), report);
    return report.entries();
  }

  /**
   * Writes a file as it is read: huvudmän and school units first, then the persons a chunk at a
   * time as they come (so they are never all held), then classes, custody and duties once every
   * person is known. Each entry of the report goes to `report` as it is made.
   */
  async read(stream: ImportStream, report: ImportReportSink): Promise<void> {
    this.report = report;
    this.processed = 0;
    let persons: PersonItem[] = [];
    const flushPersons = async (): Promise<void> => {
      const chunk = persons;
      persons = [];
      const written = new Map<string, string>();
      await this.inSets(chunk, written, (em, items) =>
        writePersons(em, items, this.ids(), this.accounts, this.usernames, this.now()),
      );
      for (const person of chunk) {
        if (!written.has(person.key)) {
          this.refusedPersons.add(person.key);
        }
      }
    };
    const rest = await stream.read({
      rejected: (item) => {
        this.report.addRefused({
          source: item.source,
          kind: 'rad',
          outcome: 'rejected',
          reason: item.reason,
        });
        this.processed += 1;
      },
      organisations: async (municipalities, schoolUnits, expectedItems) => {
        this.total = expectedItems;
        await this.inItems(municipalities, (em, item) => this.applyMunicipality(em, item));
        await this.inItems(schoolUnits, (em, item) => this.applySchoolUnit(em, item));
      },
      person: async (person) => {
        persons.push(person);
        if (persons.length >= SET_CHUNK_SIZE) {
          await flushPersons();
        } else {
          // A file of refused persons gives report entries and no writes: keep those flowing too.
          await this.report.flush(false);
        }
      },
    });
    await flushPersons();
    // Every item is known now: the progress counts them exactly from here on.
    this.total =
      this.processed + rest.groups.length + rest.guardianships.length + rest.duties.length;
    await this.inSets(rest.groups, this.groupIds, async (em, chunk) =>
      writeGroups(
        em,
        chunk,
        await this.idsNaming(
          em,
          chunk.flatMap((group) => group.memberKeys),
        ),
        this.now(),
      ),
    );
    await this.inSets(rest.guardianships, null, async (em, chunk) =>
      writeGuardianships(
        em,
        chunk,
        await this.idsNaming(
          em,
          chunk.flatMap((item) => [item.pupilKey, ...item.guardianKeys]),
        ),
      ),
    );
    await this.inSets(rest.duties, null, async (em, chunk) =>
      writeDuties(
        em,
        chunk,
        await this.idsNaming(
          em,
          chunk.flatMap((duty) =>
            duty.pupilKey === null ? [duty.personKey] : [duty.personKey, duty.pupilKey],
          ),
        ),
        this.now(),
      ),
    );
    await this.report.flush(true);
  }

  private add(entry: ImportReportEntry): void {
    this.report.add(entry);
    this.processed += 1;
  }

  private async reportProgress(): Promise<void> {
    await this.report.flush(false);
    this.total = Math.max(this.total, this.processed);
    await this.onProgress({ processed: this.processed, total: this.total });
  }

  /** The ids of the units and groups written so far; of persons, none (see `idsNaming`). */
  private ids(): ImportIds {
    return { unitIds: this.unitIds, personIds: new Map(), groupIds: this.groupIds };
  }

  /** The ids written so far, with those of the persons named by `personKeys` (this file's written persons only). */
  private async idsNaming(em: EntityManager, personKeys: readonly string[]): Promise<ImportIds> {
    return {
      ...this.ids(),
      personIds: await readPersonIds(em, personKeys, this.refusedPersons),
    };
  }

  /**
   * Writes the items a chunk at a time as sets (a few statements per chunk), each chunk in one
   * transaction. When the database refuses a set (a conflict with a row the file does not name),
   * the chunk is redone one item at a time with the same writer, each item in its own savepoint,
   * so that only the offending item is refused and nothing is half-written. The ids a chunk gave
   * are kept for the later phases once written.
   */
  private async inSets<T extends { source: string }>(
    items: readonly T[],
    idsOut: Map<string, string> | null,
    write: (em: EntityManager, chunk: readonly T[]) => Promise<SetOutcome>,
  ): Promise<void> {
    const keep = (outcome: SetOutcome): readonly ImportReportEntry[] => {
      for (const [key, id] of outcome.ids) {
        idsOut?.set(key, id);
      }
      return outcome.entries;
    };
    for (let start = 0; start < items.length; start += SET_CHUNK_SIZE) {
      const chunk = items.slice(start, start + SET_CHUNK_SIZE);
      let outcome: SetOutcome | undefined;
      try {
        outcome = await this.em.fork().transactional((em) => write(em, chunk));
      } catch (error) {
        if (!isRecoverable(error)) {
          throw error;
        }
      }
      if (outcome) {
        keep(outcome).forEach((entry) => this.add(entry));
      } else {
        // Another writer may have taken a username meanwhile: read them again. Item by item,
        // CHUNK_SIZE items (savepoints) per transaction.
        this.usernames.forget();
        for (let from = 0; from < chunk.length; from += CHUNK_SIZE) {
          await this.em.fork().transactional(async (em) => {
            for (const item of chunk.slice(from, from + CHUNK_SIZE)) {
              this.add(
                await this.inSavepoint(em, item, async (savepoint, one) => {
                  const [entry] = keep(await write(savepoint, [one]));
                  return entry;
                }),
              );
            }
          });
        }
      }
      await this.reportProgress();
    }
  }

  /** Writes the items one at a time (the few huvudmän and school units), each in a savepoint. */
  private async inItems<T extends { source: string }>(
    items: readonly T[],
    applyItem: (em: EntityManager, item: T) => Promise<ImportReportEntry>,
  ): Promise<void> {
    for (let start = 0; start < items.length; start += CHUNK_SIZE) {
      const chunk = items.slice(start, start + CHUNK_SIZE);
      await this.em.fork().transactional(async (em) => {
        for (const item of chunk) {
          this.add(await this.inSavepoint(em, item, applyItem));
        }
      });
      await this.reportProgress();
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
}
