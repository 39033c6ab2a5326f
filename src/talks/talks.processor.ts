import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

import { runWithCorrelationId } from '../common/request-context';
import { TalkRemindersService } from './talk-reminders.service';
import { TALKS_QUEUE, TalksJob } from './talks.jobs';

@Processor(TALKS_QUEUE)
export class TalksProcessor extends WorkerHost {
  constructor(private readonly reminders: TalkRemindersService) {
    super();
  }

  async process(job: Job): Promise<number> {
    if (job.name !== TalksJob.SendReminders) {
      throw new Error(`Unknown job ${job.name} on ${TALKS_QUEUE}`);
    }
    return runWithCorrelationId(job.id ?? null, () => this.reminders.sendDue(new Date()));
  }
}
