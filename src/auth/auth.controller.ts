import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { ApiErrors } from '../common/http/api-docs';
import { PupilDirectoryService } from '../directory/pupil-directory.service';
import { CurrentActor, RequiresLogin } from './access.guard';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { MeDto } from './dto/auth.responses';
import { LoginDto } from './dto/login.dto';
import { HttpSession, SESSION_COOKIE } from './http-session';
import { MeView, meView } from './me.view';

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: HttpSession,
    private readonly pupils: PupilDirectoryService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password; sets the session cookie' })
  @ApiOkResponse({
    type: MeDto,
    description: 'Signed in: the user, their roles and the pupils they may see',
    headers: {
      'Set-Cookie': {
        description: `The session cookie (${SESSION_COOKIE}, HttpOnly): send it with every call`,
        schema: { type: 'string' },
      },
    },
  })
  @ApiErrors(
    400,
    {
      status: 401,
      description: 'UNAUTHENTICATED: wrong username or password (one answer for both).',
    },
    429,
  )
  async login(@Body() body: LoginDto, @Req() request: Request): Promise<MeView> {
    const accountId = await this.auth.login(body.username, body.password, {
      clientAddress: request.ip ?? 'unknown',
    });
    await this.sessions.signIn(request, accountId);
    return this.me(request);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @RequiresLogin()
  @ApiOperation({ summary: 'Sign out; ends the session' })
  @ApiNoContentResponse()
  async logout(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.recordLogout(actor.accountId, actor.personId);
    await this.sessions.signOut(request, response);
  }

  @Get('me')
  @RequiresLogin()
  @ApiOperation({ summary: 'The signed-in user, their roles and the pupils they may see' })
  @ApiOkResponse({ type: MeDto })
  async showMe(@Req() request: Request): Promise<MeView> {
    return this.me(request);
  }

  private async me(request: Request): Promise<MeView> {
    // The session was just established or validated: load the user as the policy sees them.
    const actor = request.actor ?? (await this.sessions.reloadActor(request));
    return meView(actor, await this.pupils.listPupilsFor(actor));
  }
}
