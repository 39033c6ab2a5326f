import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { EmailModule } from '../email/email.module';
import { PlansModule } from '../plans/plans.module';
import { RequestsModule } from '../requests/requests.module';
import { CADENCE_ENTITIES } from './cadence.entities';
import { CadencePagesController } from './cadence.pages.controller';
import { CadenceService } from './cadence.service';

/** The principal's follow-up of the law's cadence, and the mentors' reminders (HTTP only). */
@Module({
  imports: [
    DirectoryModule,
    PlansModule,
    RequestsModule,
    EmailModule,
    MikroOrmModule.forFeature(CADENCE_ENTITIES),
  ],
  controllers: [CadencePagesController],
  providers: [CadenceService],
  exports: [CadenceService],
})
export class CadenceModule {}
