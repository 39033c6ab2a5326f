import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';

import { ApiErrors } from '../common/http/api-docs';
import { CurrentActor, RequiresPermission } from './access.guard';
import { AccountAdminService, AccountSummary } from './account-admin.service';
import type { Actor } from './actor';
import { AccountSummaryDto } from './dto/auth.responses';
import { SetPasswordDto } from './dto/set-password.dto';

@ApiTags('accounts')
@Controller('api/v1/accounts')
@RequiresPermission('directory.manage')
export class AccountsController {
  constructor(private readonly accounts: AccountAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Find accounts by username or name (administrator)' })
  @ApiQuery({ name: 'search', required: false })
  @ApiOkResponse({ type: [AccountSummaryDto] })
  searchAccounts(@Query('search') search: unknown): Promise<AccountSummary[]> {
    return this.accounts.searchAccounts(typeof search === 'string' ? search.slice(0, 100) : '');
  }

  @Put(':accountId/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Give an account a new password and lift any lock (administrator)' })
  @ApiNoContentResponse()
  @ApiErrors(400)
  async setPassword(
    @CurrentActor() actor: Actor,
    @Param('accountId') accountId: string,
    @Body() body: SetPasswordDto,
  ): Promise<void> {
    await this.accounts.setPassword(actor, accountId, body.password);
  }
}
