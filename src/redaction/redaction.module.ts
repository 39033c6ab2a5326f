import { Module } from '@nestjs/common';

import { RedactionController } from './redaction.controller';
import { renderRedactedCopy } from './redacted-pdf';
import { COPY_RENDERER, RedactionService } from './redaction.service';

@Module({
  controllers: [RedactionController],
  providers: [RedactionService, { provide: COPY_RENDERER, useValue: renderRedactedCopy }],
  exports: [RedactionService],
})
export class RedactionModule {}
