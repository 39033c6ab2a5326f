import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';

import { CurrentActor, RequiresLogin, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { ApiErrors } from '../common/http/api-docs';
import { DirectoryImportService, ImportView, ImportWithReport } from './directory-import.service';
import type { PupilCard } from './directory.queries';
import { ImportViewDto, ImportWithReportDto, PupilCardDto } from './dto/directory.responses';
import { PupilDirectoryService } from './pupil-directory.service';

@ApiTags('directory')
@Controller('api/v1')
export class DirectoryController {
  constructor(
    private readonly imports: DirectoryImportService,
    private readonly pupils: PupilDirectoryService,
  ) {}

  @Post('directory/imports')
  @HttpCode(202)
  @RequiresPermission('directory.manage')
  @ApiOperation({
    summary: 'Import pupils, guardians and staff',
    description:
      'The body is the file itself: SS 12000 v2.1 JSON (Content-Type application/json) or the CSV format ' +
      '(Content-Type text/csv). Answers 202 with the queued import; follow it at GET /directory/imports/{id}.',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiQuery({ name: 'fileName', required: false })
  @ApiAcceptedResponse({ type: ImportViewDto, description: 'Queued' })
  @ApiErrors(400, 413)
  async submitImport(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Query('fileName') fileName: unknown,
  ): Promise<ImportView> {
    const format = request.is('application/json')
      ? 'ss12000'
      : request.is('text/csv')
        ? 'csv'
        : null;
    if (!format || !Buffer.isBuffer(request.body)) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'Skicka filen som application/json (SS 12000) eller text/csv.',
      );
    }
    return this.imports.submitImport(actor, {
      format,
      fileName:
        typeof fileName === 'string' ? fileName : `import.${format === 'csv' ? 'csv' : 'json'}`,
      content: request.body,
    });
  }

  @Get('directory/imports/:importId')
  @RequiresPermission('directory.manage')
  @ApiOperation({ summary: 'An import: status, progress, counts and the report per row' })
  @ApiOkResponse({ type: ImportWithReportDto })
  findImport(@Param('importId') importId: string): Promise<ImportWithReport> {
    return this.imports.findImport(importId);
  }

  @Get('pupils/:pupilId')
  @RequiresLogin()
  @ApiOperation({ summary: 'A pupil’s directory card (404 unless the access policy allows it)' })
  @ApiOkResponse({ type: PupilCardDto })
  @ApiErrors(404)
  readPupil(@CurrentActor() actor: Actor, @Param('pupilId') pupilId: string): Promise<PupilCard> {
    return this.pupils.readPupilCard(actor, pupilId);
  }
}
