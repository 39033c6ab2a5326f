import { Module } from '@nestjs/common';

import { AccountProvisioningService } from './account-provisioning.service';
import { AccountQueries } from './account.queries';

/**
 * The account table's reads and the import's account creation, apart from AuthModule (HTTP only)
 * so the directory import in a worker can create accounts.
 */
@Module({
  providers: [AccountQueries, AccountProvisioningService],
  exports: [AccountQueries, AccountProvisioningService],
})
export class AccountsModule {}
