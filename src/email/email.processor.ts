import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { EmailService } from './email.service';
import { EMAIL_QUEUE, EmailJob, SendEmailPayload } from './email.jobs';

@Processor(EMAIL_QUEUE)
export class EmailProcessor extends WorkerHost {
  constructor(private readonly email: EmailService) {
    super();
  }

  async process(job: Job<SendEmailPayload>): Promise<void> {
    switch (job.name) {
      case EmailJob.Send:
        await this.email.send(job.data.emailId);
        return;
      default:
        throw new Error(`Unknown job ${job.name} on ${EMAIL_QUEUE}`);
    }
  }
}
