import { Controller, Get, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { statusOf } from '../common/errors/error-status';
import { privateFile } from '../common/http/private-file';
import { OwnExtractsService } from './own-extracts.service';

const ASKED_MESSAGES: Readonly<Record<string, string>> = {
  ny: 'Din begäran om registerutdrag är mottagen. Sektor Lärande skickar det inom en månad.',
  redan: 'Du har redan en begäran om registerutdrag som behandlas. Den visas nedan.',
};

/** A guardian's or pupil's own register extracts: asking for one and fetching it. */
@ApiExcludeController()
@Controller('registerutdrag')
@RequiresPermission('registerExtract.ask')
export class RegisterExtractOwnPagesController {
  constructor(private readonly extracts: OwnExtractsService) {}

  @Get()
  async showOwn(
    @CurrentActor() actor: Actor,
    @Query('begart') asked: unknown,
    @Res() response: Response,
  ): Promise<void> {
    response.render('register-extract/own.njk', {
      title: 'Registerutdrag',
      extracts: await this.extracts.listOwn(actor),
      message: typeof asked === 'string' ? (ASKED_MESSAGES[asked] ?? null) : null,
    });
  }

  @Post()
  async ask(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    const { isNew } = await this.extracts.ask(actor);
    response.redirect(303, `/registerutdrag?begart=${isNew ? 'ny' : 'redan'}`);
  }

  @Post(':extractId/lank')
  async makeLink(
    @CurrentActor() actor: Actor,
    @Param('extractId') extractId: string,
    @Res() response: Response,
  ): Promise<void> {
    const link = await this.extracts.makeLink(actor, extractId);
    response.redirect(303, `/registerutdrag/hamta/${link.token}`);
  }

  @Get('hamta/:token')
  async showFiles(
    @CurrentActor() actor: Actor,
    @Param('token') token: string,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    try {
      const shown = await this.extracts.filesForLink(actor, token);
      response.render('register-extract/files.njk', {
        title: 'Hämta ditt registerutdrag',
        token,
        ...shown,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      response.status(statusOf(error.code)).render('register-extract/files.njk', {
        title: 'Hämta ditt registerutdrag',
        error: error.message,
      });
    }
  }

  @Get('hamta/:token/:format')
  async download(
    @CurrentActor() actor: Actor,
    @Param('token') token: string,
    @Param('format') format: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.extracts.download(actor, token, format);
    response.setHeader('Referrer-Policy', 'no-referrer');
    return privateFile(
      file.bytes,
      { type: file.type, disposition: `attachment; filename="${file.name}"` },
      response,
    );
  }
}
