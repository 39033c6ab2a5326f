import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { RecordDisposalQueries } from './record-disposal.queries';
import { RECORDS_ENTITIES } from './records.entities';
import { RecordSummariesQueries } from './record-summaries.queries';
import { RecordsService } from './records.service';
import { RequestRecords } from './request-records.queries';

@Module({
  imports: [MikroOrmModule.forFeature(RECORDS_ENTITIES)],
  providers: [RecordsService, RecordDisposalQueries, RecordSummariesQueries, RequestRecords],
  exports: [RecordsService, RecordDisposalQueries, RecordSummariesQueries, RequestRecords],
})
export class RecordsModule {}
