import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { buildOrmOptions } from './mikro-orm.options';

/**
 * The ORM for the whole service. Migrations are applied before Nest starts
 * (see migrate.ts), never by schema sync. Each feature module registers its
 * own entities with MikroOrmModule.forFeature.
 */
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      driver: PostgreSqlDriver,
      useFactory: (config: AppConfig) => ({ ...buildOrmOptions(config), autoLoadEntities: true }),
    }),
  ],
})
export class DatabaseModule {}
