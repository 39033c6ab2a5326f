import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { runWithCorrelationId } from '../common/request-context';
import { ExtractProductionService } from './extract-production.service';
import {
  ProduceExtractPayload,
  REGISTER_EXTRACT_QUEUE,
  RegisterExtractJob,
} from './register-extract.jobs';

@Processor(REGISTER_EXTRACT_QUEUE)
export class RegisterExtractProcessor extends WorkerHost {
  constructor(private readonly production: ExtractProductionService) {
    super();
  }

  /** The job's audit entries carry its own id, never an HTTP request's. */
  process(job: Job<ProduceExtractPayload>): Promise<void> {
    return runWithCorrelationId(job.id ?? null, () => this.run(job));
  }

  private async run(job: Job<ProduceExtractPayload>): Promise<void> {
    switch (job.name) {
      case RegisterExtractJob.Produce:
        await this.production.produce(job.data.extractId);
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${REGISTER_EXTRACT_QUEUE}`);
    }
  }
}
