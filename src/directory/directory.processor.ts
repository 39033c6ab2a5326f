import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { DirectoryImportService } from './directory-import.service';
import { DIRECTORY_QUEUE, DirectoryJob, RunImportPayload } from './directory.jobs';

@Processor(DIRECTORY_QUEUE)
export class DirectoryProcessor extends WorkerHost {
  constructor(private readonly imports: DirectoryImportService) {
    super();
  }

  async process(job: Job<RunImportPayload>): Promise<void> {
    switch (job.name) {
      case DirectoryJob.RunImport:
        await this.imports.runImport(job.data.importId);
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${DIRECTORY_QUEUE}`);
    }
  }
}
