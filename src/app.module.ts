import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';

import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CadenceModule } from './cadence/cadence.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ContentGuardModule } from './content-guard/content-guard.module';
import { ErrorFilter } from './common/http/error.filter';
import { createValidationPipe } from './common/http/validation.pipe';
import { LoggerModule } from './common/logging/logger.module';
import { MetricsModule } from './common/metrics/metrics';
import { DatabaseModule } from './database/database.module';
import { DirectoryModule } from './directory/directory.module';
import { GuardiansModule } from './guardians/guardians.module';
import { OwnContactEmailModule } from './guardians/own-contact-email.provider';
import { HealthModule } from './health/health.module';
import { PlanAccessLogModule } from './plan-access-log/plan-access-log.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PlansModule } from './plans/plans.module';
import { RedactionModule } from './redaction/redaction.module';
import { RegisterExtractModule } from './register-extract/register-extract.module';
import { RequestsModule } from './requests/requests.module';
import { RetentionModule } from './retention/retention.module';
import { QueueModule } from './queue/queue.module';
import { TalkRemindersModule, TalksModule } from './talks/talks.module';
import { QueueBoardModule } from './web/queue-board/queue-board.module';
import { WebModule } from './web/web.module';

/**
 * The whole service. A worker-only process (ROLE=worker) leaves out the
 * modules that only serve HTTP.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const httpModules = config.runsHttp
      ? [
          AuthModule,
          GuardiansModule,
          PlanAccessLogModule,
          TalksModule,
          PlansModule,
          RedactionModule,
          CadenceModule,
          ContentGuardModule,
          WebModule,
          QueueBoardModule,
        ]
      : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // The request context (src/common/request-context.ts); its HTTP middleware is
        // mounted by configureHttpApp as the very first, processors open one per job.
        ClsModule.forRoot({ global: true }),
        LoggerModule,
        MetricsModule,
        DatabaseModule,
        AuditModule,
        QueueModule,
        DirectoryModule,
        RequestsModule,
        RetentionModule,
        RegisterExtractModule,
        NotificationsModule,
        OwnContactEmailModule,
        TalkRemindersModule,
        // Every role: the operations listener's health checks (src/health/ops-server.ts).
        HealthModule,
        ...httpModules,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
