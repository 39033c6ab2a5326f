import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { isConfirmed } from '../common/http/confirmation';
import { takeFlash, withFlash } from '../common/http/flash';
import { formText } from '../common/http/form';
import type { Form } from '../common/http/form';
import { RetentionScheduleService } from './retention-schedule.service';
import { RetentionService } from './retention.service';
import { toRetentionOverviewView } from './views/retention-overview.view';

/** The archivist's page (`/gallring`): due, held and why, a dry run, holds, the log. */
@ApiExcludeController()
@Controller('gallring')
@RequiresPermission('retention.manage')
export class RetentionPagesController {
  constructor(
    private readonly retention: RetentionService,
    private readonly schedule: RetentionScheduleService,
  ) {}

  @Get()
  async show(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.render('retention/index.njk', {
      title: 'Gallring',
      overview: toRetentionOverviewView(await this.retention.overview(actor)),
      flash: takeFlash(request),
    });
  }

  @Post('sparr')
  hold(
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(request, response, 'Handlingen är spärrad mot gallring.', () =>
      this.retention.placeHold(actor, {
        registrationNumber: formText(form, 'registrationNumber'),
        reason: formText(form, 'reason'),
      }),
    );
  }

  @Post('sparr/:id/hav')
  lift(
    @Param('id') id: string,
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.act(request, response, 'Spärren är hävd.', () =>
      this.retention.liftHold(actor, id, { reason: formText(form, 'reason') }),
    );
  }

  /** Disposal cannot be undone: what a run now would take, named, and the archivist confirms. */
  @Get('kor')
  async confirmRun(@CurrentActor() actor: Actor, @Res() response: Response): Promise<void> {
    response.status(200).render('retention/confirm.njk', {
      title: 'Gallra det förfallna nu',
      disposal: await this.retention.disposalToConfirm(actor),
    });
  }

  @Post('kor')
  async run(
    @Body() form: Form,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!isConfirmed(form)) {
      // One click only asks: the confirmation page runs it.
      return this.confirmRun(actor, response);
    }
    return this.act(
      request,
      response,
      'Gallringen körs nu i bakgrunden. Ladda om sidan om en stund för att se loggen.',
      () => this.retention.runRequested(actor, () => this.schedule.runNow()),
    );
  }

  private async act(
    request: Request,
    response: Response,
    done: string,
    action: () => Promise<unknown>,
  ): Promise<void> {
    await withFlash(request, done, action);
    response.redirect(303, '/gallring');
  }
}
