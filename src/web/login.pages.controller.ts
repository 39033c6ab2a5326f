import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { OptionalActor } from '../auth/access.guard';
import type { Actor } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { EidLoginService } from '../auth/eid/eid-login.service';
import { HttpSession } from '../auth/http-session';
import { DomainError } from '../common/errors/domain-error';
import { statusOf } from '../common/errors/error-status';
import { safeNext } from '../common/http/paths';

interface LoginForm {
  readonly username?: unknown;
  readonly password?: unknown;
  readonly nasta?: unknown;
}

@ApiExcludeController()
@Controller()
export class LoginPagesController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: HttpSession,
    private readonly eid: EidLoginService,
  ) {}

  @Get('logga-in')
  showLogin(
    @OptionalActor() actor: Actor | undefined,
    @Query('nasta') next: unknown,
    @Query('utloggad') loggedOut: unknown,
    @Res() response: Response,
  ): void {
    if (actor) {
      response.redirect(303, safeNext(next));
      return;
    }
    response.render('auth/login.njk', {
      title: 'Logga in',
      eidEnabled: this.eid.isEnabled,
      next: safeNext(next),
      username: '',
      notice: loggedOut === '1' ? 'Du är utloggad.' : null,
    });
  }

  @Post('logga-in')
  async submitLogin(
    @Body() form: LoginForm,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const username = typeof form.username === 'string' ? form.username.slice(0, 100) : '';
    const password = typeof form.password === 'string' ? form.password.slice(0, 200) : '';
    const next = safeNext(form.nasta);
    if (!username.trim() || !password) {
      response.status(HttpStatus.BAD_REQUEST).render('auth/login.njk', {
        title: 'Logga in',
        eidEnabled: this.eid.isEnabled,
        next,
        username,
        error: 'Ange både användarnamn och lösenord.',
      });
      return;
    }
    try {
      const accountId = await this.auth.login(username, password, {
        clientAddress: request.ip ?? 'unknown',
      });
      await this.sessions.signIn(request, accountId);
      response.redirect(303, next);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw error;
      }
      if (error.retryAfterSeconds !== undefined) {
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      response.status(statusOf(error.code)).render('auth/login.njk', {
        title: 'Logga in',
        eidEnabled: this.eid.isEnabled,
        next,
        username,
        error: error.message,
      });
    }
  }

  @Post('logga-ut')
  async submitLogout(
    @OptionalActor() actor: Actor | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (actor) {
      await this.auth.recordLogout(actor.accountId, actor.personId);
    }
    await this.sessions.signOut(request, response);
    response.redirect(303, '/logga-in?utloggad=1');
  }
}
