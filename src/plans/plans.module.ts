import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { RecordsModule } from '../records/records.module';
import { PlansController } from './plans.controller';
import { PlansPagesController } from './plans.pages.controller';
import { PlanTemplatesService } from './plan-templates.service';
import { PlansService } from './plans.service';

@Module({
  imports: [DirectoryModule, RecordsModule],
  controllers: [PlansController, PlansPagesController],
  providers: [PlansService, PlanTemplatesService],
  exports: [PlansService],
})
export class PlansModule {}
