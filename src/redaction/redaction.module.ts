import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { PlansModule } from '../plans/plans.module';
import { RedactionController } from './redaction.controller';
import { renderRedactedCopy } from './redacted-pdf';
import { COPY_RENDERER, RedactionService } from './redaction.service';
import { StrangerViewPagesController } from './stranger-view.pages.controller';

@Module({
  imports: [DirectoryModule, PlansModule],
  controllers: [RedactionController, StrangerViewPagesController],
  providers: [RedactionService, { provide: COPY_RENDERER, useValue: renderRedactedCopy }],
  exports: [RedactionService],
})
export class RedactionModule {}
