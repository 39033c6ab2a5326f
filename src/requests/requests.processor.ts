import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { RequestProcessingService } from './request-processing.service';
import { FirstStepsPayload, REQUESTS_QUEUE, RequestsJob } from './requests.jobs';

@Processor(REQUESTS_QUEUE)
export class RequestsProcessor extends WorkerHost {
  constructor(private readonly processing: RequestProcessingService) {
    super();
  }

  async process(job: Job<FirstStepsPayload>): Promise<void> {
    switch (job.name) {
      case RequestsJob.FirstSteps:
        await this.processing.runFirstSteps(job.data.requestId, job.id ?? null);
        return;
      case RequestsJob.Sweep:
        await this.processing.sweep();
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${REQUESTS_QUEUE}`);
    }
  }
}
