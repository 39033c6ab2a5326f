import { Controller, Get, Param, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { CurrentActor, RequiresLogin } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { PlansService } from '../plans/plans.service';
import { RedactionService } from './redaction.service';

/**
 * The stranger's view: before establishing, the mentor sees the draft as an anonymous requester
 * would most likely receive it once it is a public record — laid out as a released copy, with a
 * box wherever the guard would suggest the reviewer strike a passage — so the text can be
 * rewritten while it is still working material.
 */
@ApiExcludeController()
@Controller()
export class StrangerViewPagesController {
  constructor(
    private readonly plans: PlansService,
    private readonly redaction: RedactionService,
  ) {}

  @Get('planer/:planId/utomstaende')
  @RequiresLogin()
  @Render('redaction/stranger-view.njk')
  async showStrangerView(
    @CurrentActor() actor: Actor,
    @Param('planId') planId: string,
  ): Promise<object> {
    const { plan, schoolUnitName } = await this.plans.readDraftAsMentor(actor, planId);
    const content = plan.draft!;
    const preview = await this.redaction.strangerView(
      {
        registrationNumber: 'Diarienummer sätts när planen fastställs',
        pupilName: plan.pupilName,
        schoolUnitName,
        period: plan.period,
        version: plan.establishedVersion + 1,
        establishedOn: content.talk.date ?? '(datum sätts när planen fastställs)',
        template: plan.template,
        content,
      },
      plan.pupilId,
    );
    return {
      title: `Så här kan planen se ut för en utomstående – ${plan.pupilName}`,
      plan,
      preview,
    };
  }
}
