import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import type { Form } from '../common/http/form';
import { privateFile } from '../common/http/private-file';
import { ExtractProductionService } from './extract-production.service';
import { progressText } from './extract-views';

const SENT_MESSAGES: Readonly<Record<string, string>> = {
  epost: 'Registerutdraget är markerat som skickat. Personen har fått e-post om att det är klart.',
  post: 'Registerutdraget är markerat som skickat. Det finns ingen e-postadress: skicka PDF-filen med post.',
};

/** Sektor Lärande's pages for register extracts (GDPR art. 15). */
@ApiExcludeController()
@Controller('admin/registerutdrag')
@RequiresPermission('registerExtract.produce')
export class RegisterExtractStaffPagesController {
  constructor(private readonly production: ExtractProductionService) {}

  @Get()
  async showList(
    @CurrentActor() actor: Actor,
    @Query('sok') term: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const search = typeof term === 'string' ? term.trim().slice(0, 200) : '';
    const [extracts, found] = await Promise.all([
      this.production.listExtracts(actor),
      search ? this.production.searchPersons(actor, search) : Promise.resolve(null),
    ]);
    response.render('register-extract/list.njk', {
      title: 'Registerutdrag',
      ...extracts,
      search,
      found,
    });
  }

  @Post()
  async startForPerson(
    @CurrentActor() actor: Actor,
    @Body() form: Form,
    @Res() response: Response,
  ): Promise<void> {
    const personId = typeof form.personId === 'string' ? form.personId : '';
    const id = await this.production.startForPerson(actor, personId);
    response.redirect(303, `/admin/registerutdrag/${id}`);
  }

  @Get(':extractId')
  async showExtract(
    @CurrentActor() actor: Actor,
    @Param('extractId') extractId: string,
    @Query('skickat') sent: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const extract = await this.production.readExtract(actor, extractId);
    response.render('register-extract/show.njk', {
      title: `Registerutdrag för ${extract.personName}`,
      extract,
      progressText: progressText(extract),
      isRunning: extract.status === 'queued' || extract.status === 'producing',
      sentMessage: typeof sent === 'string' ? (SENT_MESSAGES[sent] ?? null) : null,
    });
  }

  @Post(':extractId/ta-fram')
  async start(
    @CurrentActor() actor: Actor,
    @Param('extractId') extractId: string,
    @Res() response: Response,
  ): Promise<void> {
    await this.production.start(actor, extractId);
    response.redirect(303, `/admin/registerutdrag/${extractId}`);
  }

  @Get(':extractId/fil/:format')
  async readFile(
    @CurrentActor() actor: Actor,
    @Param('extractId') extractId: string,
    @Param('format') format: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.production.readFile(actor, extractId, format);
    return privateFile(
      file.bytes,
      { type: file.type, disposition: `attachment; filename="${file.name}"` },
      response,
    );
  }

  @Post(':extractId/skickat')
  async markSent(
    @CurrentActor() actor: Actor,
    @Param('extractId') extractId: string,
    @Res() response: Response,
  ): Promise<void> {
    const { emailed } = await this.production.markSent(actor, extractId);
    response.redirect(
      303,
      `/admin/registerutdrag/${extractId}?skickat=${emailed ? 'epost' : 'post'}`,
    );
  }
}
