import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { RECORDS_ENTITIES } from './records.entities';
import { RecordsService } from './records.service';
import { RequestRecords } from './request-records.queries';

@Module({
  imports: [MikroOrmModule.forFeature(RECORDS_ENTITIES)],
  providers: [RecordsService, RequestRecords],
  exports: [RecordsService, RequestRecords],
})
export class RecordsModule {}
