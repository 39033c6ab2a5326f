import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import { statusOf } from '../../common/errors/error-status';
import { safeNext } from '../../common/http/paths';
import { EidLoginService } from './eid-login.service';

/** The two legs of e-legitimation: off to the broker, and back. GET only: `state` guards the return. */
@ApiExcludeController()
@Controller('logga-in/bankid')
export class EidLoginPagesController {
  constructor(private readonly eid: EidLoginService) {}

  @Get()
  async startLogin(
    @Query('nasta') next: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!this.eid.isEnabled) {
      throw new DomainError(ErrorCode.NotFound, 'Sidan finns inte.');
    }
    response.redirect(303, await this.eid.startLogin(request, safeNext(next)));
  }

  @Get('callback')
  async completeLogin(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.eid.isEnabled) {
      throw new DomainError(ErrorCode.NotFound, 'Sidan finns inte.');
    }
    try {
      response.redirect(303, await this.eid.completeLogin(request));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === ErrorCode.NotFound) {
        throw error;
      }
      response.status(statusOf(error.code)).render('auth/login.njk', {
        title: 'Logga in',
        next: '/',
        username: '',
        error: error.message,
        eidEnabled: true,
      });
    }
  }
}
