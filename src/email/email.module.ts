import { BullModule } from '@nestjs/bullmq';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { EMAIL_QUEUE } from './email.jobs';
import { EmailOutboxMetrics } from './email-metrics';
import { EmailProcessor } from './email.processor';
import { EmailService } from './email.service';
import { EMAIL_ENTITIES } from './email.entities';

@Module({
  imports: [
    BullModule.registerQueue({ name: EMAIL_QUEUE }),
    MikroOrmModule.forFeature(EMAIL_ENTITIES),
  ],
  providers: [EmailService, EmailProcessor, EmailOutboxMetrics],
  exports: [EmailService],
})
export class EmailModule {}
