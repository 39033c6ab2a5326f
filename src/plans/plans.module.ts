import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { RecordsModule } from '../records/records.module';
import { PLANS_ENTITIES } from './plans.entities';
import { PlansController } from './plans.controller';
import { PlansPagesController } from './plans.pages.controller';
import { PlanTemplatesService } from './plan-templates.service';
import { PlansService } from './plans.service';
import { RequestPlans } from './request-plans.queries';

@Module({
  imports: [DirectoryModule, RecordsModule, MikroOrmModule.forFeature(PLANS_ENTITIES)],
  controllers: [PlansController, PlansPagesController],
  providers: [PlansService, PlanTemplatesService, RequestPlans],
  exports: [PlansService, RequestPlans],
})
export class PlansModule {}
