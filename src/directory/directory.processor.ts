import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { runWithCorrelationId } from '../common/request-context';
import { DirectoryImportProcess } from './directory-import-process';
import { DIRECTORY_QUEUE, DirectoryJob, RunImportPayload } from './directory.jobs';

@Processor(DIRECTORY_QUEUE)
export class DirectoryProcessor extends WorkerHost {
  constructor(private readonly imports: DirectoryImportProcess) {
    super();
  }

  /**
   * The import's audit entries carry no correlation id (the submission's entry has the HTTP
   * request's); a context of its own keeps any other out.
   */
  process(job: Job<RunImportPayload>): Promise<void> {
    return runWithCorrelationId(null, () => this.run(job));
  }

  private async run(job: Job<RunImportPayload>): Promise<void> {
    switch (job.name) {
      case DirectoryJob.RunImport:
        // In a process of its own: the file's persons are held for the import's length.
        await this.imports.run(job.data.importId);
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${DIRECTORY_QUEUE}`);
    }
  }
}
