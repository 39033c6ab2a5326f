import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentActor, RequiresPermission } from '../auth/access.guard';
import { AccountAdminService, MIN_PASSWORD_LENGTH } from '../auth/account-admin.service';
import type { Actor } from '../auth/actor';
import { ROLE_NAMES_SV } from '../auth/me.view';
import { DomainError, ErrorCode } from '../common/errors/domain-error';
import { statusOf } from '../common/errors/error-status';

@ApiExcludeController()
@Controller('admin/konton')
@RequiresPermission('directory.manage')
export class AccountsPagesController {
  constructor(private readonly accounts: AccountAdminService) {}

  @Get()
  async showAccounts(@Query('sok') search: unknown, @Res() response: Response): Promise<void> {
    const term = typeof search === 'string' ? search.slice(0, 100) : '';
    response.render('accounts/index.njk', {
      title: 'Konton',
      search: term,
      accounts: term.trim() ? await this.accounts.searchAccounts(term) : [],
      roleNames: ROLE_NAMES_SV,
    });
  }

  @Get(':accountId')
  async showAccount(
    @Param('accountId') accountId: string,
    @Query('sparat') saved: unknown,
    @Res() response: Response,
  ): Promise<void> {
    response.render('accounts/show.njk', {
      title: 'Konto',
      account: await this.accounts.findAccount(accountId),
      minLength: MIN_PASSWORD_LENGTH,
      saved: saved === '1',
      roleNames: ROLE_NAMES_SV,
    });
  }

  @Post(':accountId/losenord')
  async setPassword(
    @CurrentActor() actor: Actor,
    @Param('accountId') accountId: string,
    @Body() form: { password?: unknown },
    @Res() response: Response,
  ): Promise<void> {
    const password = typeof form.password === 'string' ? form.password.slice(0, 200) : '';
    try {
      await this.accounts.setPassword(actor, accountId, password);
      response.redirect(303, `/admin/konton/${accountId}?sparat=1`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
        throw error;
      }
      response.status(statusOf(error.code)).render('accounts/show.njk', {
        title: 'Konto',
        account: await this.accounts.findAccount(accountId),
        minLength: MIN_PASSWORD_LENGTH,
        error: error.message,
        roleNames: ROLE_NAMES_SV,
      });
    }
  }
}
