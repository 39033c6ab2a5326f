import { createHash, randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { sql } from 'kysely';

import { AuditService } from '../audit/audit.service';
import { AccountProvisioningService } from '../auth/account-provisioning.service';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { recomputeDisposalDates } from '../records/disposal-dates';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { DirectoryImporter, ImportReportEntry } from './directory-importer';
import { streamOf } from './directory-import-links';
import { deleteReportRows, ImportReportRows, storeReport } from './directory-import-report-rows';
import { DirectoryImport } from './directory.entities';
import type { DirectoryTables } from './directory.entities';
import { DIRECTORY_QUEUE, DirectoryJob, RunImportPayload } from './directory.jobs';
import { isUuid } from '../common/uuid';
import type { ImportFormat } from './import/import-document';
import { parseDirectoryCsv } from './import/csv.parser';
import { ImportFileError } from './import/import-errors';
import type { ByteSource } from './import/json-lists';
import { readSs12000Stream } from './import/ss12000.parser';
import { pupilDisposalDates } from './school-leaving.queries';

/** The largest file taken: an SS 12000 file for 100,000 pupils with their guardians is about 120 MB. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/**
 * The file is stored, and read back by the job, in parts of this size. Small: each part read back
 * is a message, a hex string and a buffer of its size, and with 4 MB parts the C library kept
 * about 75 MB more of the import's process outside the heap (glibc's mmap threshold rises to the
 * largest block freed; measured with the 100,000-pupil file, bench/results: directory-import).
 */
const PART_BYTES = 256 * 1024;

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

/** Attempts of an import's job; GAVE_UP says how many in words. */
const IMPORT_ATTEMPTS = 3;

/** Why an import failed when every attempt (IMPORT_ATTEMPTS) of its job did (not for its file's sake). */
export const GAVE_UP =
  'Importen kunde inte slutföras: den avbröts av ett tekniskt fel tre gånger (inte av filens innehåll). Ladda upp filen igen, och kontakta systemförvaltningen om felet består.';

export interface ImportView {
  readonly id: string;
  readonly format: ImportFormat;
  readonly fileName: string;
  readonly status: ImportStatus;
  readonly totalItems: number;
  readonly processedItems: number;
  readonly counts: { created: number; updated: number; unchanged: number; rejected: number };
  readonly failure: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

export interface ImportWithReport extends ImportView {
  readonly report: readonly ImportReportEntry[];
}

/** Guess the format of an uploaded file: SS 12000 is a JSON object, anything else is read as CSV. */
export function detectImportFormat(content: Buffer): ImportFormat {
  const start = content
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('{') ? 'ss12000' : 'csv';
}

@Injectable()
export class DirectoryImportService {
  private readonly logger = new Logger(DirectoryImportService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    @InjectQueue(DIRECTORY_QUEUE) private readonly queue: Queue<RunImportPayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountProvisioningService,
  ) {}

  /** Stores the file and queues its import; the report fills in as the job runs. */
  async submitImport(
    actor: Actor,
    file: { format: ImportFormat; fileName: string; content: Buffer },
  ): Promise<ImportView> {
    if (file.content.length === 0) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Filen är tom.');
    }
    if (file.content.length > MAX_IMPORT_BYTES) {
      throw new DomainError(ErrorCode.PayloadTooLarge, 'Filen är större än 200 MB.');
    }
    const id = randomUUID();
    const fileName = sanitiseFileName(file.fileName);
    await this.em.fork().transactional(async (em) => {
      await em
        .getKysely<DirectoryTables>()
        .insertInto('directory_import')
        .values({
          id,
          requested_by_account_id: actor.accountId,
          format: file.format,
          file_name: fileName,
          content_sha256: sha256(file.content),
          status: 'queued',
          created_at: sql<Date>`now()`,
          started_at: null,
          finished_at: null,
          failure: null,
        })
        .execute();
      for (let seq = 0; seq * PART_BYTES < file.content.length; seq += 1) {
        await em
          .getKysely<DirectoryTables>()
          .insertInto('directory_import_part')
          .values({
            import_id: id,
            seq,
            bytes: file.content.subarray(seq * PART_BYTES, (seq + 1) * PART_BYTES),
          })
          .execute();
      }
      await this.audit.record(em, {
        action: 'directory.import.submitted',
        actor: auditActor(actor),
        targetType: 'directory_import',
        targetId: id,
        details: { format: file.format, bytes: file.content.length },
      });
    });
    // After commit: the row is the source of truth; the job only carries its id.
    await this.queue.add(
      DirectoryJob.RunImport,
      { importId: id },
      { jobId: id, attempts: IMPORT_ATTEMPTS },
    );
    return this.getImportView(id);
  }

  async findImport(importId: string): Promise<ImportWithReport> {
    if (!isUuid(importId)) {
      throw new NotFoundError('Importen finns inte.');
    }
    const row = await this.selectView(this.em.fork())
      .select('report')
      .where('id', '=', importId)
      .executeTakeFirst();
    if (!row) {
      throw new NotFoundError('Importen finns inte.');
    }
    return { ...toView(row), report: row.report };
  }

  async getImportView(importId: string): Promise<ImportView> {
    if (!isUuid(importId)) {
      throw new NotFoundError('Importen finns inte.');
    }
    const row = await this.selectView(this.em.fork()).where('id', '=', importId).executeTakeFirst();
    if (!row) {
      throw new NotFoundError('Importen finns inte.');
    }
    return toView(row);
  }

  async listRecentImports(limit = 20): Promise<ImportView[]> {
    const rows = await this.selectView(this.em.fork())
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toView);
  }

  /**
   * The job: parse, write, report. Safe to run again after a crash: a
   * completed import is skipped, and re-applying a file changes nothing that
   * the first run already wrote.
   */
  async runImport(importId: string): Promise<void> {
    const claimed = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .updateTable('directory_import')
      .set((eb) => ({
        status: 'running',
        started_at: eb.fn.coalesce('started_at', sql<Date>`now()`),
      }))
      .where('id', '=', importId)
      .where('status', 'in', ['queued', 'running'])
      .returning(['format', 'requested_by_account_id'])
      .executeTakeFirst();
    const parts = await this.countParts(importId);
    if (!claimed || parts === 0) {
      return;
    }
    const actor = { accountId: claimed.requested_by_account_id, personId: null };
    const source = this.fileParts(importId, parts);
    // A run that was interrupted (the job is retried) may have left part of a report.
    await deleteReportRows(this.em.fork(), importId);
    const report = new ImportReportRows(this.em, importId);
    const importer = new DirectoryImporter(
      this.em,
      this.config.municipality.name,
      async (progress) => {
        await this.em
          .fork()
          .nativeUpdate(
            DirectoryImport,
            { id: importId },
            { processedItems: progress.processed, totalItems: progress.total },
          );
      },
      undefined,
      this.accounts,
    );
    try {
      // SS 12000 is written as it is read; a CSV file is read whole (its rows are checked
      // against each other).
      const stream =
        claimed.format === 'ss12000'
          ? readSs12000Stream(source)
          : streamOf(parseDirectoryCsv(await readWhole(source)));
      await importer.read(stream, report);
    } catch (error) {
      if (!(error instanceof ImportFileError)) {
        throw error;
      }
      await this.finishFailed(importId, error.message, actor);
      return;
    }

    const counts = report.counts;
    await this.em.fork().transactional(async (em) => {
      await storeReport(em, importId);
      await em
        .getKysely<DirectoryTables>()
        .updateTable('directory_import')
        .set({
          status: 'completed',
          total_items: counts.created + counts.updated + counts.unchanged + counts.rejected,
          processed_items: counts.created + counts.updated + counts.unchanged + counts.rejected,
          created_count: counts.created,
          updated_count: counts.updated,
          unchanged_count: counts.unchanged,
          rejected_count: counts.rejected,
          finished_at: sql<Date>`now()`,
        })
        .where('id', '=', importId)
        .execute();
      await this.deleteParts(em, importId);
      // An end date may have changed: every record's disposal date follows the enrolments.
      const disposalDatesChanged = await recomputeDisposalDates(
        em,
        pupilDisposalDates(this.config.retention.yearsAfterLeaving),
      );
      await this.audit.record(em, {
        action: 'directory.import.completed',
        actor,
        targetType: 'directory_import',
        targetId: importId,
        details: { ...counts, disposalDatesChanged },
      });
    });
    this.logger.log({ importId, ...counts }, 'Directory import completed');
  }

  private async countParts(importId: string): Promise<number> {
    const row = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('directory_import_part')
      .select((eb) => eb.fn.countAll<string>().as('parts'))
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow();
    return Number(row.parts);
  }

  /** The stored file, read a part at a time each time it is read (the parser reads it twice). Parts stored larger before are read as they are. */
  private fileParts(importId: string, parts: number): ByteSource {
    const db = this.em.fork().getKysely<DirectoryTables>();
    return async function* () {
      for (let seq = 0; seq < parts; seq += 1) {
        const part = await db
          .selectFrom('directory_import_part')
          .select('bytes')
          .where('import_id', '=', importId)
          .where('seq', '=', seq)
          .executeTakeFirstOrThrow();
        yield part.bytes;
      }
    };
  }

  /** The file is not kept once the import is done with it. */
  private async deleteParts(em: EntityManager, importId: string): Promise<void> {
    await em
      .getKysely<DirectoryTables>()
      .deleteFrom('directory_import_part')
      .where('import_id', '=', importId)
      .execute();
  }

  /**
   * The job gave up (its last attempt failed for a reason not in the file: the database, the
   * import's process, a stopping worker): the import is failed with a reason the administrator
   * can act on, unless it ended meanwhile.
   */
  async giveUp(importId: string): Promise<void> {
    const row = await this.em
      .fork()
      .getKysely<DirectoryTables>()
      .selectFrom('directory_import')
      .select(['status', 'requested_by_account_id'])
      .where('id', '=', importId)
      .executeTakeFirst();
    if (!row || row.status === 'completed' || row.status === 'failed') {
      return;
    }
    await this.finishFailed(importId, GAVE_UP, {
      accountId: row.requested_by_account_id,
      personId: null,
    });
  }

  private async finishFailed(
    importId: string,
    failure: string,
    actor: { accountId: string | null; personId: null },
  ): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await em
        .getKysely<DirectoryTables>()
        .updateTable('directory_import')
        .set({ status: 'failed', failure, finished_at: sql<Date>`now()` })
        .where('id', '=', importId)
        .execute();
      await this.deleteParts(em, importId);
      await deleteReportRows(em, importId);
      await this.audit.record(em, {
        action: 'directory.import.failed',
        actor,
        targetType: 'directory_import',
        targetId: importId,
      });
    });
  }

  /** The columns of an ImportView. */
  private selectView(em: EntityManager) {
    return em
      .getKysely<DirectoryTables>()
      .selectFrom('directory_import')
      .select([
        'id',
        'format',
        'file_name',
        'status',
        'total_items',
        'processed_items',
        'created_count',
        'updated_count',
        'unchanged_count',
        'rejected_count',
        'failure',
        'created_at',
        'finished_at',
      ]);
  }
}

function toView(row: {
  id: string;
  format: ImportFormat;
  file_name: string;
  status: ImportStatus;
  total_items: number;
  processed_items: number;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  rejected_count: number;
  failure: string | null;
  /** Instants as PostgreSQL's text (see TablesOf). */
  created_at: string;
  finished_at: string | null;
}): ImportView {
  return {
    id: row.id,
    format: row.format,
    fileName: row.file_name,
    status: row.status,
    totalItems: row.total_items,
    processedItems: row.processed_items,
    counts: {
      created: row.created_count,
      updated: row.updated_count,
      unchanged: row.unchanged_count,
      rejected: row.rejected_count,
    },
    failure: row.failure,
    createdAt: new Date(row.created_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}

/** A CSV file is read whole (its rows are checked against each other); its size is checked by the parser. */
async function readWhole(source: ByteSource): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source()) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function sanitiseFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .slice(0, 120)
    .trim();
  return clean || 'import';
}
