/// <reference types="multer" />
import { Controller, Get, Param, Post, Render, Res, UploadedFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import { PageUpload } from '../auth/page-upload';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import {
  DirectoryImportService,
  detectImportFormat,
  ImportView,
  MAX_IMPORT_BYTES,
} from './directory-import.service';

const OUTCOME_NAMES: Readonly<Record<string, string>> = {
  created: 'Skapad',
  updated: 'Uppdaterad',
  unchanged: 'Oförändrad',
  rejected: 'Avvisad',
};

/** How far a running import has come, as the report page shows it (and its script reads it). */
export function progressText(imported: ImportView, percent: number): string {
  if (imported.status === 'queued') {
    return 'Importen väntar på att starta.';
  }
  if (imported.totalItems === 0) {
    return 'Importen har startat och läser filen.';
  }
  return `Importen pågår: ${imported.processedItems} av ${imported.totalItems} poster (${percent} %).`;
}

@ApiExcludeController()
@Controller('admin/import')
@RequiresPermission('directory.manage')
export class DirectoryPagesController {
  constructor(private readonly imports: DirectoryImportService) {}

  @Get()
  @Render('directory/import.njk')
  async showImportForm(): Promise<object> {
    return {
      title: 'Importera elever och personal',
      imports: await this.imports.listRecentImports(),
    };
  }

  @Post()
  @PageUpload('file', { fileSize: MAX_IMPORT_BYTES, files: 1 })
  async submitImport(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (!file || file.size === 0) {
      throw new DomainError(ErrorCode.ValidationFailed, 'Välj en fil att importera.');
    }
    const imported = await this.imports.submitImport(actor, {
      format: detectImportFormat(file.buffer),
      fileName: file.originalname,
      content: file.buffer,
    });
    response.redirect(303, `/admin/import/${imported.id}`);
  }

  @Get(':importId')
  @Render('directory/import-report.njk')
  async showImport(@Param('importId') importId: string): Promise<object> {
    const imported = await this.imports.findImport(importId);
    const isRunning = imported.status === 'queued' || imported.status === 'running';
    const percent =
      imported.totalItems > 0
        ? Math.floor((100 * imported.processedItems) / imported.totalItems)
        : 0;
    return {
      title: `Import av ${imported.fileName}`,
      imported,
      isRunning,
      percent,
      progressText: progressText(imported, percent),
      outcomeNames: OUTCOME_NAMES,
      problems: imported.report.filter((entry) => entry.outcome === 'rejected'),
      changes: imported.report.filter((entry) => entry.outcome !== 'rejected'),
    };
  }
}
