import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { ApiErrors, ApiPdfResponse } from '../common/http/api-docs';
import { privateFile } from '../common/http/private-file';
import { CopyPreviewDto } from './dto/redaction.dto';
import { ReviewDocumentDto } from './dto/redaction.responses';
import { RedactionService, ReviewDocument } from './redaction.service';

@ApiTags('records')
@Controller('api/v1/records')
@RequiresPermission('records.review')
export class RedactionController {
  constructor(private readonly redaction: RedactionService) {}

  @Get(':recordId/review')
  @ApiOperation({
    summary: 'A public record as the reviewer sees it, with suggested redactions (reviewers)',
    description:
      'Fields carry stable ids; suggestions are the free-text guard’s findings as UTF-16 offsets.',
  })
  @ApiOkResponse({ type: ReviewDocumentDto })
  review(
    @Param('recordId') recordId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ReviewDocument> {
    return this.redaction.reviewDocument(actor, recordId);
  }

  @Post(':recordId/copy-preview')
  @HttpCode(200)
  @ApiPdfResponse('The redacted copy, leak-checked')
  @ApiErrors(400, {
    status: 422,
    description: 'COPY_BLOCKED: the copy failed the leak check; it is not handed out.',
  })
  @ApiOperation({
    summary: 'Preview the redacted copy of a record (reviewers)',
    description:
      'Draws the copy with the given redactions and runs the leak check on it; 422 COPY_BLOCKED when the check fails.',
  })
  async preview(
    @Param('recordId') recordId: string,
    @Body() body: CopyPreviewDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const copy = await this.redaction.produceCopy(actor, {
      recordId,
      redactions: body.redactions,
      release: null,
    });
    return privateFile(
      copy.bytes,
      {
        type: 'application/pdf',
        disposition: `inline; filename="forhandsgranskning-${copy.registrationNumber}.pdf"`,
      },
      response,
    );
  }
}
