import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

import { QueueProbeService } from './queue-probe.service';
import { QueueProbePayload, SYSTEM_QUEUE, SystemJob } from './queue.jobs';

@Processor(SYSTEM_QUEUE)
export class SystemProcessor extends WorkerHost {
  private readonly logger = new Logger(SystemProcessor.name);

  constructor(private readonly probes: QueueProbeService) {
    super();
  }

  async process(job: Job<QueueProbePayload>): Promise<void> {
    switch (job.name) {
      case SystemJob.QueueProbe:
        await this.probes.recordProbeProcessed(job.data.probeId, new Date());
        return;
      default:
        this.logger.warn(`Unknown job ${job.name} on ${SYSTEM_QUEUE}; left failed`);
        throw new Error(`Unknown job ${job.name}`);
    }
  }
}
