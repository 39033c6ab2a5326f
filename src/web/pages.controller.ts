import { Controller, Get, Inject, Param, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, OptionalActor, policySettings, RequiresLogin } from '../auth/access.guard';
import { canPerform } from '../auth/access-policy';
import type { Actor } from '../auth/actor';
import { ROLE_NAMES_SV } from '../auth/me.view';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CadenceService } from '../cadence/cadence.service';
import { stockholmToday } from '../common/stockholm';
import { DirectoryQueries } from '../directory/directory.queries';
import { PupilDirectoryService } from '../directory/pupil-directory.service';
import { PlanOverviewService } from '../plans/plan-overview.service';
import { dashboardView, homeView } from './home.view';

@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(
    private readonly pupils: PupilDirectoryService,
    private readonly plans: PlanOverviewService,
    private readonly directory: DirectoryQueries,
    private readonly cadence: CadenceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async showHome(
    @OptionalActor() actor: Actor | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (!actor) {
      response.render('home/index.njk', homeView());
      return;
    }
    if (actor.roles.size === 1 && actor.roles.has('guardian')) {
      // A guardian's start page is their children.
      response.redirect(303, '/mina-barn');
      return;
    }
    const pupils = await this.pupils.listPupilsFor(actor);
    const overview = await this.plans.findPlanOverview(
      actor,
      pupils.map((pupil) => pupil.id),
    );
    response.render('home/dashboard.njk', {
      ...dashboardView(
        actor,
        pupils,
        overview.latest,
        overview.readable,
        policySettings(this.config),
      ),
      ledUnits: await this.directory.findSchoolUnits([...actor.principalUnitIds]),
      // A principal's reminders about the law's cadence: counts and the class, nothing more.
      cadenceReminders: await this.cadence.remindersFor(actor, stockholmToday(new Date())),
    });
  }

  @Get('elever/:pupilId')
  @RequiresLogin()
  @Render('pupils/show.njk')
  async showPupil(
    @CurrentActor() actor: Actor,
    @Param('pupilId') pupilId: string,
  ): Promise<object> {
    const pupil = await this.pupils.readPupilCard(actor, pupilId);
    return {
      title: `${pupil.givenName} ${pupil.familyName}`,
      pupil,
      plans: await this.plans.findPlansOverview(actor, pupilId),
      canManageDirectory: canPerform(actor, 'directory.manage'),
      roleNames: ROLE_NAMES_SV,
      // A pupil on their own page may ask for their register extract.
      isOwnPage: actor.personId === pupil.id,
      // The pupil and their guardians see who has read the plan.
      isGuardian: actor.guardianOf.has(pupil.id),
    };
  }
}
