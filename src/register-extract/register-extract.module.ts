import { BullModule } from '@nestjs/bullmq';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { AccountsModule } from '../auth/accounts.module';
import { ActorLoader } from '../auth/actor-loader';
import { DirectoryModule } from '../directory/directory.module';
import { EmailModule } from '../email/email.module';
import { GuardianQueriesModule } from '../guardians/guardians.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PlanQueriesModule } from '../plans/plans.module';
import { RequestsModule } from '../requests/requests.module';
import { TalkExtractQueries } from '../talks/talk-extract.queries';
import { ExtractProductionService } from './extract-production.service';
import { ExtractSourcesCollector } from './extract-sources';
import { OwnExtractsService } from './own-extracts.service';
import { RegisterExtractApiController } from './register-extract.api.controller';
import { REGISTER_EXTRACT_ENTITIES } from './register-extract.entities';
import { REGISTER_EXTRACT_QUEUE } from './register-extract.jobs';
import { RegisterExtractOwnPagesController } from './register-extract.own.pages.controller';
import { RegisterExtractProcessor } from './register-extract.processor';
import { RegisterExtractStaffPagesController } from './register-extract.staff.pages.controller';

/**
 * Register extracts (GDPR art. 15): asked for by a guardian or pupil, produced by a queued
 * job from what every module holds about the person, sent by Sektor Lärande. In every role:
 * the job runs in workers, the pages in web processes.
 */
@Module({
  imports: [
    BullModule.registerQueue({ name: REGISTER_EXTRACT_QUEUE }),
    MikroOrmModule.forFeature(REGISTER_EXTRACT_ENTITIES),
    AccountsModule,
    DirectoryModule,
    GuardianQueriesModule,
    NotificationsModule,
    PlanQueriesModule,
    RequestsModule,
    EmailModule,
  ],
  controllers: [
    RegisterExtractStaffPagesController,
    RegisterExtractOwnPagesController,
    RegisterExtractApiController,
  ],
  providers: [
    ActorLoader,
    ExtractSourcesCollector,
    ExtractProductionService,
    OwnExtractsService,
    RegisterExtractProcessor,
    TalkExtractQueries,
  ],
})
export class RegisterExtractModule {}
