import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { PlansModule } from '../plans/plans.module';
import { GUARDIANS_ENTITIES } from './guardians.entities';
import { GuardiansPagesController } from './guardians.pages.controller';
import { GuardiansQueries } from './guardians.queries';
import { GuardiansService } from './guardians.service';

/**
 * What others ask of guardians' own details without the HTTP side (a worker has no
 * GuardiansModule): a person's contact details and photo, for their register extract.
 */
@Module({
  imports: [DirectoryModule, MikroOrmModule.forFeature(GUARDIANS_ENTITIES)],
  providers: [GuardiansQueries],
  exports: [GuardiansQueries],
})
export class GuardianQueriesModule {}

/** Guardians' own details and photo, class lists, and "my children". HTTP processes only. */
@Module({
  imports: [DirectoryModule, PlansModule, MikroOrmModule.forFeature(GUARDIANS_ENTITIES)],
  controllers: [GuardiansPagesController],
  providers: [GuardiansQueries, GuardiansService],
})
export class GuardiansModule {}
