import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { RequestsModule } from '../requests/requests.module';
import { PlanAccessLogPagesController } from './plan-access-log.pages.controller';
import { PlanAccessLogService } from './plan-access-log.service';

/**
 * Who read a pupil's plan, for the pupil and their guardians: the audit chain's reads
 * (PlanReadsQueries, global) and the requests module's released copies. HTTP processes only.
 */
@Module({
  imports: [DirectoryModule, RequestsModule],
  controllers: [PlanAccessLogPagesController],
  providers: [PlanAccessLogService],
})
export class PlanAccessLogModule {}
