import { BullModule } from '@nestjs/bullmq';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { ReviewerAccountsModule } from '../auth/reviewer-accounts.module';
import { StaffAccountsModule } from '../auth/staff-accounts.module';
import { DirectoryModule } from '../directory/directory.module';
import { EmailModule } from '../email/email.module';
import { PlansModule } from '../plans/plans.module';
import { RecordsModule } from '../records/records.module';
import { BackOfficePagesController } from './back-office.pages.controller';
import { RedactionModule } from '../redaction/redaction.module';
import { IntakeIdempotencyRepository } from './intake-idempotency.repository';
import { IntakeRateLimiter } from './intake-rate-limiter';
import { RequestIntakeService } from './request-intake.service';
import { RequestProcessingService } from './request-processing.service';
import { ItemDecisionsService } from './item-decisions.service';
import { ItemMarkingService } from './item-marking.service';
import { RequestAppealsService } from './request-appeals.service';
import { RequestChangeService } from './request-change.service';
import { RequestCompletionService } from './request-completion.service';
import { RequestQueriesService } from './request-queries.service';
import { RequestReviewActionsService } from './request-review-actions.service';
import { RequestHoldsQueries } from './request-holds.queries';
import { RecordReleasesQueries } from './record-releases.queries';
import { RequesterRequestsQueries } from './requester-requests.queries';
import { RequestMetrics } from './request-metrics';
import { RequestDeliveryService } from './request-delivery.service';
import { RequestDeadlinesService } from './request-deadlines.service';
import { GuardianRequestsService } from './guardian-requests.service';
import { RequestReportsService } from './reports/request-reports.service';
import { RequestsReviewController } from './requests.review.controller';
import { RequestsApiController } from './requests.api.controller';
import { REQUESTS_QUEUE } from '../queue/queue-names';
import { RequestsPagesController } from './requests.pages.controller';
import { RequestsProcessor } from './requests.processor';
import { RecordSearchApiController } from './record-search.api.controller';
import { RecordSearchPagesController } from './record-search.pages.controller';
import { RecordSearchService } from './record-search.service';
import { RequesterActionsService } from './requester-actions.service';
import { REQUESTS_ENTITIES } from './requests.entities';
import { UnsuggestedStrikesService } from './unsuggested-strikes.service';
import { DecisionPreviewService } from './decision-preview.service';
import { DecisionConsistencyQueries } from './decision-consistency.queries';
import { ItemCarryOverService } from './item-carry-over.service';
import { ItemApprovalsService } from './item-approvals.service';

/** Requests for public records: intake, the first steps on the queue, and (later) review. */
@Module({
  imports: [
    BullModule.registerQueue({ name: REQUESTS_QUEUE }),
    RecordsModule,
    PlansModule,
    DirectoryModule,
    StaffAccountsModule,
    ReviewerAccountsModule,
    RedactionModule,
    EmailModule,
    MikroOrmModule.forFeature(REQUESTS_ENTITIES),
  ],
  controllers: [
    RequestsApiController,
    RequestsReviewController,
    RequestsPagesController,
    BackOfficePagesController,
    RecordSearchApiController,
    RecordSearchPagesController,
  ],
  providers: [
    RequestIntakeService,
    GuardianRequestsService,
    RequestProcessingService,
    RequestChangeService,
    RequestQueriesService,
    RequestReviewActionsService,
    RequesterActionsService,
    ItemDecisionsService,
    ItemMarkingService,
    RequestCompletionService,
    RequestAppealsService,
    RequestDeliveryService,
    RequestDeadlinesService,
    RequestReportsService,
    IntakeRateLimiter,
    IntakeIdempotencyRepository,
    RequestsProcessor,
    RequestHoldsQueries,
    RequesterRequestsQueries,
    RecordReleasesQueries,
    RequestMetrics,
    RecordSearchService,
    DecisionConsistencyQueries,
    ItemCarryOverService,
    ItemApprovalsService,
    DecisionPreviewService,
    UnsuggestedStrikesService,
  ],
  exports: [
    RequestIntakeService,
    RequestProcessingService,
    RequestHoldsQueries,
    RequesterRequestsQueries,
    UnsuggestedStrikesService,
    RecordReleasesQueries,
  ],
})
export class RequestsModule {}
