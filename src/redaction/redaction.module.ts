import { Module } from '@nestjs/common';

import { DirectoryModule } from '../directory/directory.module';
import { RedactionController } from './redaction.controller';
import { renderRedactedCopy } from './redacted-pdf';
import { COPY_RENDERER, RedactionService } from './redaction.service';

@Module({
  imports: [DirectoryModule],
  controllers: [RedactionController],
  providers: [RedactionService, { provide: COPY_RENDERER, useValue: renderRedactedCopy }],
  exports: [RedactionService],
})
export class RedactionModule {}
