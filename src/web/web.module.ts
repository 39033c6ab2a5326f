import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { CadenceModule } from '../cadence/cadence.module';
import { DirectoryModule } from '../directory/directory.module';
import { PlansModule } from '../plans/plans.module';
import { AccessibilityPagesController } from './accessibility.pages.controller';
import { AccountsPagesController } from './accounts.pages.controller';
import { InformationPagesController } from './information.pages.controller';
import { LoginPagesController } from './login.pages.controller';
import { PagesController } from './pages.controller';

@Module({
  imports: [AuthModule, DirectoryModule, PlansModule, CadenceModule],
  controllers: [
    PagesController,
    LoginPagesController,
    AccountsPagesController,
    InformationPagesController,
    AccessibilityPagesController,
  ],
})
export class WebModule {}
