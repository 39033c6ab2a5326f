import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { RecordsModule } from '../records/records.module';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [DirectoryModule, RecordsModule],
  controllers: [PlansController],
  providers: [PlansService],
  exports: [PlansService],
})
export class PlansModule {}
