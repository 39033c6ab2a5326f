import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { runWithCorrelationId } from '../common/request-context';
import { stockholmToday } from '../common/stockholm';
import { RETENTION_QUEUE, RetentionJob } from './retention.jobs';
import { DisposalSummary, RetentionService } from './retention.service';

@Processor(RETENTION_QUEUE)
export class RetentionProcessor extends WorkerHost {
  constructor(private readonly retention: RetentionService) {
    super();
  }

  async process(job: Job): Promise<DisposalSummary> {
    if (job.name !== RetentionJob.Dispose) {
      throw new Error(`Unknown job ${job.name} on ${RETENTION_QUEUE}`);
    }
    // The disposal's audit entries carry the job's id (the scheduler's or the archivist's run).
    return runWithCorrelationId(job.id ?? null, () =>
      this.retention.dispose(stockholmToday(new Date())),
    );
  }
}
