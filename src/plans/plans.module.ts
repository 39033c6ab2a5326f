import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RecordsModule } from '../records/records.module';
import { PlanDisposalQueries } from './plan-disposal.queries';
import { PlanExtractQueries } from './plan-extract.queries';
import { PLANS_ENTITIES } from './plans.entities';
import { PlansController } from './plans.controller';
import { PlansPagesController } from './plans.pages.controller';
import { PlanSummariesQueries } from './plan-summaries.queries';
import { RecordSearchQueries } from './record-search.queries';
import { PlanTemplatesService } from './plan-templates.service';
import { PlanOverviewService } from './plan-overview.service';
import { PlansService } from './plans.service';
import { RequestPlans } from './request-plans.queries';

/**
 * What other modules ask of plans without its HTTP side (the worker process
 * has no PlansModule): disposal of versions and drafts, for retention; the plans as a person
 * sees them, for a register extract.
 */
@Module({
  imports: [DirectoryModule, MikroOrmModule.forFeature(PLANS_ENTITIES)],
  providers: [PlanDisposalQueries, PlanExtractQueries],
  exports: [PlanDisposalQueries, PlanExtractQueries],
})
export class PlanQueriesModule {}

@Module({
  imports: [
    DirectoryModule,
    RecordsModule,
    NotificationsModule,
    MikroOrmModule.forFeature(PLANS_ENTITIES),
  ],
  controllers: [PlansController, PlansPagesController],
  providers: [
    PlansService,
    PlanOverviewService,
    PlanTemplatesService,
    PlanSummariesQueries,
    RecordSearchQueries,
    RequestPlans,
  ],
  exports: [
    PlansService,
    PlanOverviewService,
    PlanSummariesQueries,
    RecordSearchQueries,
    RequestPlans,
  ],
})
export class PlansModule {}
