/// <reference types="multer" />
import {
  Controller,
  Get,
  Param,
  Post,
  Render,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import {
  DirectoryImportService,
  detectImportFormat,
  MAX_IMPORT_BYTES,
} from './directory-import.service';

const OUTCOME_NAMES: Readonly<Record<string, string>> = {
  created: 'Skapad',
  updated: 'Uppdaterad',
  unchanged: 'Oförändrad',
  rejected: 'Avvisad',
};

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
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
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
    return {
      title: `Import av ${imported.fileName}`,
      imported,
      isRunning,
      percent:
        imported.totalItems > 0
          ? Math.floor((100 * imported.processedItems) / imported.totalItems)
          : 0,
      outcomeNames: OUTCOME_NAMES,
      problems: imported.report.filter((entry) => entry.outcome === 'rejected'),
      changes: imported.report.filter((entry) => entry.outcome !== 'rejected'),
    };
  }
}
