import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

import { AccountsModule } from '../auth/accounts.module';
import { CadencePupilsQueries } from './cadence-pupils.queries';
import { ClassListQueries } from './class-list.queries';
import { DirectoryImportProcess } from './directory-import-process';
import { DirectoryImportService } from './directory-import.service';
import { DirectoryController } from './directory.controller';
import { DIRECTORY_ENTITIES } from './directory.entities';
import { DIRECTORY_QUEUE } from './directory.jobs';
import { DirectoryPagesController } from './directory.pages.controller';
import { DirectoryProcessor } from './directory.processor';
import { DirectoryQueries } from './directory.queries';
import { PersonNamesQueries } from './person-names.queries';
import { PersonRegisterQueries } from './person-register.queries';
import { SchoolLeavingQueries } from './school-leaving.queries';
import { StaffNames } from './staff-names.queries';
import { PupilDirectoryService } from './pupil-directory.service';

@Module({
  imports: [
    AccountsModule,
    MikroOrmModule.forFeature(DIRECTORY_ENTITIES),
    BullModule.registerQueue({ name: DIRECTORY_QUEUE }),
  ],
  controllers: [DirectoryController, DirectoryPagesController],
  providers: [
    DirectoryQueries,
    ClassListQueries,
    PupilDirectoryService,
    DirectoryImportService,
    DirectoryImportProcess,
    DirectoryProcessor,
    PersonNamesQueries,
    PersonRegisterQueries,
    StaffNames,
    SchoolLeavingQueries,
    CadencePupilsQueries,
  ],
  exports: [
    DirectoryQueries,
    ClassListQueries,
    PupilDirectoryService,
    DirectoryImportService,
    PersonNamesQueries,
    PersonRegisterQueries,
    StaffNames,
    SchoolLeavingQueries,
    CadencePupilsQueries,
  ],
})
export class DirectoryModule {}
