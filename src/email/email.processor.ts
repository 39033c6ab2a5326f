import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { runWithCorrelationId } from '../common/request-context';
import { EmailService } from './email.service';
import { EMAIL_QUEUE, EmailJob, SendEmailPayload } from './email.jobs';

@Processor(EMAIL_QUEUE)
export class EmailProcessor extends WorkerHost {
  constructor(private readonly email: EmailService) {
    super();
  }

  /** A context of its own without a correlation id: no HTTP request's id reaches a job. */
  process(job: Job<SendEmailPayload>): Promise<void> {
    return runWithCorrelationId(null, () => this.run(job));
  }

  private async run(job: Job<SendEmailPayload>): Promise<void> {
    switch (job.name) {
      case EmailJob.Send:
        await this.email.send(job.data.emailId);
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${EMAIL_QUEUE}`);
    }
  }
}
