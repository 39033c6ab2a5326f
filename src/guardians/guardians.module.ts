import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { PlansModule } from '../plans/plans.module';
import { GuardiansPagesController } from './guardians.pages.controller';
import { GuardiansQueries } from './guardians.queries';
import { GuardiansService } from './guardians.service';

/** Guardians' own details and photo, class lists, and "my children". HTTP processes only. */
@Module({
  imports: [DirectoryModule, PlansModule],
  controllers: [GuardiansPagesController],
  providers: [GuardiansQueries, GuardiansService],
})
export class GuardiansModule {}
