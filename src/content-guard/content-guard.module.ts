import { Module } from '@nestjs/common';

import { ContentGuardController } from './content-guard.controller';

/** The HTTP face of the content guard; the checking itself is the pure `checkText`. */
@Module({ controllers: [ContentGuardController] })
export class ContentGuardModule {}
