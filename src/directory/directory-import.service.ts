import { createHash, randomUUID } from 'node:crypto';

import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';

import { AuditService } from '../audit/audit.service';
import { auditActor } from '../auth/actor';
import type { Actor } from '../auth/actor';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { recomputeDisposalDates } from '../records/disposal-dates';
import { DomainError, ErrorCode, NotFoundError } from '../common/errors/domain-error';
import { DirectoryImporter, ImportReportEntry } from './directory-importer';
import { DIRECTORY_QUEUE, DirectoryJob, RunImportPayload } from './directory.jobs';
import { isUuid } from '../common/uuid';
import type { ImportDocument, ImportFormat } from './import/import-document';
import { parseDirectoryCsv } from './import/csv.parser';
import { ImportFileError } from './import/import-errors';
import { parseSs12000 } from './import/ss12000.parser';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

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

type Row = Record<string, unknown>;

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
  ) {}

  /** Stores the file and queues its import; the report fills in as the job runs. */
  async submitImport(
    actor: Actor,
    file: { format: ImportFormat; fileName: string; content: Buffer },
    requestId: string | null,
  ): Promise<ImportView> {
    if (file.content.length === 0) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Filen är tom.');
    }
    if (file.content.length > MAX_IMPORT_BYTES) {
      throw new DomainError(ErrorCode.PayloadTooLarge, 'Filen är större än 50 MB.');
    }
    const id = randomUUID();
    const fileName = sanitiseFileName(file.fileName);
    await this.em.fork().transactional(async (em) => {
      await em.execute(
        `insert into directory_import (id, requested_by_account_id, format, file_name, content_sha256, content, status, created_at)
         values (?, ?, ?, ?, ?, ?, 'queued', now())`,
        [id, actor.accountId, file.format, fileName, sha256(file.content), file.content],
      );
      await this.audit.record(em, {
        action: 'directory.import.submitted',
        actor: auditActor(actor),
        targetType: 'directory_import',
        targetId: id,
        details: { format: file.format, bytes: file.content.length },
        requestId,
      });
    });
    // After commit: the row is the source of truth; the job only carries its id.
    await this.queue.add(DirectoryJob.RunImport, { importId: id }, { jobId: id, attempts: 3 });
    return this.getImportView(id);
  }

  async findImport(importId: string): Promise<ImportWithReport> {
    const row = await this.findRow(importId, true);
    return { ...toView(row), report: (row.report as ImportReportEntry[] | null) ?? [] };
  }

  async getImportView(importId: string): Promise<ImportView> {
    return toView(await this.findRow(importId, false));
  }

  async listRecentImports(limit = 20): Promise<ImportView[]> {
    const rows = await this.em
      .fork()
      .execute<Row[]>(
        `select ${VIEW_COLUMNS} from directory_import order by created_at desc limit ?`,
        [limit],
      );
    return rows.map(toView);
  }

  /**
   * The job: parse, write, report. Safe to run again after a crash: a
   * completed import is skipped, and re-applying a file changes nothing that
   * the first run already wrote.
   */
  async runImport(importId: string): Promise<void> {
    const [claimed] = await this.em.fork().execute<Row[]>(
      `update directory_import set status = 'running', started_at = coalesce(started_at, now())
        where id = ? and status in ('queued', 'running') returning format, content, requested_by_account_id`,
      [importId],
    );
    if (!claimed || !claimed.content) {
      return;
    }
    const actor = {
      accountId: (claimed.requested_by_account_id as string | null) ?? null,
      personId: null,
    };
    let document: ImportDocument;
    try {
      const text = (claimed.content as Buffer).toString('utf8');
      document = claimed.format === 'ss12000' ? parseSs12000(text) : parseDirectoryCsv(text);
    } catch (error) {
      if (!(error instanceof ImportFileError)) {
        throw error;
      }
      await this.finishFailed(importId, error.message, actor);
      return;
    }

    const total = DirectoryImporter.countItems(document);
    await this.em
      .fork()
      .execute('update directory_import set total_items = ? where id = ?', [total, importId]);
    const importer = new DirectoryImporter(
      this.em,
      this.config.municipality.name,
      async (progress) => {
        await this.em
          .fork()
          .execute('update directory_import set processed_items = ? where id = ?', [
            progress.processed,
            importId,
          ]);
      },
    );
    const report = await importer.apply(document);
    const counts = countOutcomes(report);
    await this.em.fork().transactional(async (em) => {
      await em.execute(
        `update directory_import set status = 'completed', processed_items = total_items, report = ?::jsonb,
           created_count = ?, updated_count = ?, unchanged_count = ?, rejected_count = ?,
           content = null, finished_at = now() where id = ?`,
        [
          JSON.stringify(report),
          counts.created,
          counts.updated,
          counts.unchanged,
          counts.rejected,
          importId,
        ],
      );
      // An end date may have changed: every record's disposal date follows the enrolments.
      const disposalDatesChanged = await recomputeDisposalDates(
        em,
        this.config.retention.yearsAfterLeaving,
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

  private async finishFailed(
    importId: string,
    failure: string,
    actor: { accountId: string | null; personId: null },
  ): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await em.execute(
        `update directory_import set status = 'failed', failure = ?, content = null, finished_at = now() where id = ?`,
        [failure, importId],
      );
      await this.audit.record(em, {
        action: 'directory.import.failed',
        actor,
        targetType: 'directory_import',
        targetId: importId,
      });
    });
  }

  private async findRow(importId: string, withReport: boolean): Promise<Row> {
    if (!isUuid(importId)) {
      throw new NotFoundError('Importen finns inte.');
    }
    const [row] = await this.em
      .fork()
      .execute<Row[]>(
        `select ${VIEW_COLUMNS}${withReport ? ', report' : ''} from directory_import where id = ?`,
        [importId],
      );
    if (!row) {
      throw new NotFoundError('Importen finns inte.');
    }
    return row;
  }
}

const VIEW_COLUMNS = `id, format, file_name, status, total_items, processed_items, created_count, updated_count,
  unchanged_count, rejected_count, failure, created_at, finished_at`;

function toView(row: Row): ImportView {
  return {
    id: String(row.id),
    format: row.format as ImportFormat,
    fileName: String(row.file_name),
    status: row.status as ImportStatus,
    totalItems: Number(row.total_items),
    processedItems: Number(row.processed_items),
    counts: {
      created: Number(row.created_count),
      updated: Number(row.updated_count),
      unchanged: Number(row.unchanged_count),
      rejected: Number(row.rejected_count),
    },
    failure: (row.failure as string | null) ?? null,
    createdAt: new Date(row.created_at as string | Date).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at as string | Date).toISOString() : null,
  };
}

function countOutcomes(report: readonly ImportReportEntry[]): ImportView['counts'] {
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const entry of report) {
    counts[entry.outcome] += 1;
  }
  return counts;
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
