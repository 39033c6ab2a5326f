import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresLogin } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { PlanAccessLogService } from './plan-access-log.service';
import { pageOf } from './plan-access-log.view';

/** The page "Vem har läst planen", linked from Mina barn and from the pupil's own page. */
@ApiExcludeController()
@Controller()
@RequiresLogin()
export class PlanAccessLogPagesController {
  constructor(private readonly log: PlanAccessLogService) {}

  @Get('elever/:pupilId/vem-har-last-planen')
  async showLog(
    @CurrentActor() actor: Actor,
    @Param('pupilId') pupilId: string,
    @Query('sida') page: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const log = await this.log.readLog(actor, pupilId, pageOf(page));
    response.render('plan-access-log/show.njk', {
      title: `Vem har läst planen – ${log.pupilName}`,
      log,
    });
  }
}
