import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { EmailModule } from '../email/email.module';
import { NOTIFICATIONS_ENTITIES } from './notifications.entities';
import { NotificationsPagesController } from './notifications.pages.controller';
import { NotificationsService } from './notifications.service';

/**
 * Opt-in e-mail to guardians and pupils about a pupil's plan. In every role: callers in web
 * processes and in jobs write the e-mails with `NotificationsService.notifyAboutPupil`; the
 * preference page is served where HTTP is. `OwnContactEmail` comes from guardians (global).
 */
@Module({
  imports: [DirectoryModule, EmailModule, MikroOrmModule.forFeature(NOTIFICATIONS_ENTITIES)],
  controllers: [NotificationsPagesController],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
