import { BullModule } from '@nestjs/bullmq';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { EmailModule } from '../email/email.module';
import { GuardianQueriesModule } from '../guardians/guardians.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PlansModule } from '../plans/plans.module';
import { TalkBookingsService } from './talk-bookings.service';
import { TalkNotices } from './talk-notices';
import { TalkRemindersService } from './talk-reminders.service';
import { TalkSlotsService } from './talk-slots.service';
import { TALKS_ENTITIES } from './talks.entities';
import { TALKS_QUEUE } from './talks.jobs';
import { TalksPagesController } from './talks.pages.controller';
import { TalksProcessor } from './talks.processor';
import { TalksRepository } from './talks.repository';

/** The reminders the day before a talk: the hourly job, in every role (workers run it). */
@Module({
  imports: [
    BullModule.registerQueue({ name: TALKS_QUEUE }),
    MikroOrmModule.forFeature(TALKS_ENTITIES),
    DirectoryModule,
    GuardianQueriesModule,
    EmailModule,
  ],
  providers: [TalksRepository, TalkRemindersService, TalksProcessor],
  exports: [TalkRemindersService],
})
export class TalkRemindersModule {}

/** The talk pages of mentors and guardians. HTTP processes only. */
@Module({
  imports: [
    MikroOrmModule.forFeature(TALKS_ENTITIES),
    DirectoryModule,
    GuardianQueriesModule,
    PlansModule,
    NotificationsModule,
  ],
  controllers: [TalksPagesController],
  providers: [TalksRepository, TalkBookingsService, TalkSlotsService, TalkNotices],
})
export class TalksModule {}
