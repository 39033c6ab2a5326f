import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { RequestDeadlinesService } from './request-deadlines.service';
import { RequestProcessingService } from './request-processing.service';
import { REQUESTS_QUEUE } from '../queue/queue-names';
import { DeadlinePayload, RequestsJob, RequestsPayload } from './requests.jobs';

@Processor(REQUESTS_QUEUE)
export class RequestsProcessor extends WorkerHost {
  constructor(
    private readonly processing: RequestProcessingService,
    private readonly deadlines: RequestDeadlinesService,
  ) {
    super();
  }

  async process(job: Job<RequestsPayload>): Promise<void> {
    switch (job.name) {
      case RequestsJob.FirstSteps:
        await this.processing.runFirstSteps(job.data.requestId, job.id ?? null);
        return;
      case RequestsJob.Reminder:
        await this.deadlines.run('reminder', job.data as DeadlinePayload, job.id ?? null);
        return;
      case RequestsJob.Escalation:
        await this.deadlines.run('escalation', job.data as DeadlinePayload, job.id ?? null);
        return;
      case RequestsJob.Sweep:
        await this.processing.sweep();
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${REQUESTS_QUEUE}`);
    }
  }
}
