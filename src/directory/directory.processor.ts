import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { runWithCorrelationId } from '../common/request-context';
import { DirectoryImportProcess } from './directory-import-process';
import { DirectoryImportService } from './directory-import.service';
import { DIRECTORY_QUEUE, DirectoryJob, RunImportPayload } from './directory.jobs';

@Processor(DIRECTORY_QUEUE)
export class DirectoryProcessor extends WorkerHost {
  constructor(
    private readonly imports: DirectoryImportProcess,
    private readonly service: DirectoryImportService,
  ) {
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
        try {
          // In a process of its own: the file's persons are held for the import's length.
          await this.imports.run(job.data.importId);
        } catch (error) {
          // The last attempt: the import is failed, not left running for ever.
          if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
            await this.service.giveUp(job.data.importId);
          }
          throw error;
        }
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${DIRECTORY_QUEUE}`);
    }
  }
}
