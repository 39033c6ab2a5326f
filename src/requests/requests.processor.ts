import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { runWithCorrelationId } from '../common/request-context';
import { RequestDeadlinesService } from './request-deadlines.service';
import { RequestProcessingService } from './request-processing.service';
import { REQUESTS_QUEUE } from '../queue/queue-names';
import { ClockPayload, DeadlinePayload, RequestsJob, RequestsPayload } from './requests.jobs';

@Processor(REQUESTS_QUEUE)
export class RequestsProcessor extends WorkerHost {
  constructor(
    private readonly processing: RequestProcessingService,
    private readonly deadlines: RequestDeadlinesService,
  ) {
    super();
  }

  /** The audit entries of a job carry the job's id. */
  process(job: Job<RequestsPayload>): Promise<void> {
    return runWithCorrelationId(job.id ?? null, () => this.run(job));
  }

  private async run(job: Job<RequestsPayload>): Promise<void> {
    switch (job.name) {
      case RequestsJob.FirstSteps:
        await this.processing.runFirstSteps(job.data.requestId);
        return;
      case RequestsJob.Reminder:
        await this.deadlines.run('reminder', job.data as DeadlinePayload);
        return;
      case RequestsJob.Escalation:
        await this.deadlines.run('escalation', job.data as DeadlinePayload);
        return;
      case RequestsJob.ClockReminder:
        await this.deadlines.runClock('reminder', job.data as ClockPayload);
        return;
      case RequestsJob.ClockEscalation:
        await this.deadlines.runClock('escalation', job.data as ClockPayload);
        return;
      case RequestsJob.Sweep:
        await this.processing.sweep();
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${REQUESTS_QUEUE}`);
    }
  }
}
