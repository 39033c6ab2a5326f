import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { ReviewerAccounts } from './reviewer-accounts.queries';

/**
 * Account look-ups for the requests module, apart from AuthModule: that one
 * is loaded only where HTTP is served (its guard and session store), while
 * requests also run in the worker.
 */
@Module({
  imports: [DirectoryModule],
  providers: [ReviewerAccounts],
  exports: [ReviewerAccounts],
})
export class ReviewerAccountsModule {}
