import { BullModule } from '@nestjs/bullmq';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AccountDisposalQueries } from '../auth/account-disposal.queries';
import { DirectoryModule } from '../directory/directory.module';
import { PersonDisposalQueries } from '../directory/person-disposal.queries';
import { EmailDisposalQueries } from '../email/email-disposal.queries';
import { EmailModule } from '../email/email.module';
import { ContactDisposalQueries } from '../guardians/contact-disposal.queries';
import { RegisterExtractDisposalQueries } from '../register-extract/extract-disposal.queries';
import { CadenceDisposalQueries } from '../cadence/cadence-disposal.queries';
import { NotificationDisposalQueries } from '../notifications/notification-disposal.queries';
import { PlanQueriesModule } from '../plans/plans.module';
import { RecordsModule } from '../records/records.module';
import { RequestsModule } from '../requests/requests.module';
import { TalkDisposalQueries } from '../talks/talk-disposal.queries';
import { RetentionHoldsQueriesModule } from './retention-holds.queries';
import { RetentionApiController } from './retention.api.controller';
import { RETENTION_QUEUE } from './retention.jobs';
import { RetentionPagesController } from './retention.pages.controller';
import { RetentionProcessor } from './retention.processor';
import { RetentionScheduleService } from './retention-schedule.service';
import { RetentionService } from './retention.service';
import { PeopleDisposalService } from './people-disposal.service';
import { RETENTION_ENTITIES } from './retention.entities';

/** Retention and disposal (gallring): the nightly run, holds, the archivist's page and log. */
@Module({
  imports: [
    BullModule.registerQueue({ name: RETENTION_QUEUE }),
    MikroOrmModule.forFeature(RETENTION_ENTITIES),
    DirectoryModule,
    RecordsModule,
    PlanQueriesModule,
    RequestsModule,
    RetentionHoldsQueriesModule,
    EmailModule,
  ],
  controllers: [RetentionApiController, RetentionPagesController],
  providers: [
    RetentionService,
    RetentionScheduleService,
    RetentionProcessor,
    // The disposal of people (issue 25): its own service, and the owners' stateless queries.
    PeopleDisposalService,
    PersonDisposalQueries,
    AccountDisposalQueries,
    ContactDisposalQueries,
    EmailDisposalQueries,
    RegisterExtractDisposalQueries,
    CadenceDisposalQueries,
    NotificationDisposalQueries,
    TalkDisposalQueries,
  ],
})
export class RetentionModule {}
