import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { RecordDisposalQueries } from './record-disposal.queries';
import { RECORDS_ENTITIES } from './records.entities';
import { RecordSummariesQueries } from './record-summaries.queries';
import { RecordsService } from './records.service';

@Module({
  imports: [MikroOrmModule.forFeature(RECORDS_ENTITIES)],
  providers: [RecordsService, RecordDisposalQueries, RecordSummariesQueries],
  exports: [RecordsService, RecordDisposalQueries, RecordSummariesQueries],
})
export class RecordsModule {}
