import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';

import { DirectoryModule } from '../directory/directory.module';
import { AccessGuard } from './access.guard';
import { AccountsModule } from './accounts.module';
import { ActorLoader } from './actor-loader';
import { AccountAdminService } from './account-admin.service';
import { AccountsController } from './accounts.controller';
import { AuditController } from './audit.controller';
import { AUTH_ENTITIES } from './auth.entities';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { EidLoginPagesController } from './eid/eid-login.pages.controller';
import { EidLoginService } from './eid/eid-login.service';
import { HttpSession } from './http-session';
import { LoginRateLimiter } from './login-rate-limiter';
import { UploadCsrfGuard } from './page-upload';
import { SecurityEvents, SecurityEventsInterceptor } from './security-events';
import { sessionStoreProvider } from './session-store';
import { StaffAccountsModule } from './staff-accounts.module';

/** Accounts, password login, sessions and the route guard. Only in processes that serve HTTP. */
@Module({
  imports: [
    DirectoryModule,
    AccountsModule,
    StaffAccountsModule,
    MikroOrmModule.forFeature(AUTH_ENTITIES),
  ],
  controllers: [AuthController, AccountsController, AuditController, EidLoginPagesController],
  providers: [
    AuthService,
    AccountAdminService,
    ActorLoader,
    EidLoginService,
    LoginRateLimiter,
    HttpSession,
    sessionStoreProvider,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: UploadCsrfGuard },
    { provide: APP_INTERCEPTOR, useClass: SecurityEventsInterceptor },
    SecurityEvents,
  ],
  exports: [AuthService, HttpSession, AccountAdminService, EidLoginService, StaffAccountsModule],
})
export class AuthModule {}
