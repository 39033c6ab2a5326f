import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { DirectoryImportService } from './directory-import.service';
import { DirectoryController } from './directory.controller';
import { DIRECTORY_ENTITIES } from './directory.entities';
import { DIRECTORY_QUEUE } from './directory.jobs';
import { DirectoryPagesController } from './directory.pages.controller';
import { DirectoryProcessor } from './directory.processor';
import { DirectoryQueries } from './directory.queries';
import { StaffNames } from './staff-names.queries';
import { PupilDirectoryService } from './pupil-directory.service';

@Module({
  imports: [
    MikroOrmModule.forFeature(DIRECTORY_ENTITIES),
    BullModule.registerQueue({ name: DIRECTORY_QUEUE }),
  ],
  controllers: [DirectoryController, DirectoryPagesController],
  providers: [
    DirectoryQueries,
    PupilDirectoryService,
    DirectoryImportService,
    DirectoryProcessor,
    StaffNames,
  ],
  exports: [DirectoryQueries, PupilDirectoryService, DirectoryImportService, StaffNames],
})
export class DirectoryModule {}
