import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { StaffAccountsQueries } from './staff-accounts.queries';

/**
 * The staff-account reads other modules need, apart from AuthModule (which
 * serves HTTP only): a worker process reads them too.
 */
@Module({
  imports: [DirectoryModule],
  providers: [StaffAccountsQueries],
  exports: [StaffAccountsQueries],
})
export class StaffAccountsModule {}
