import { setTimeout } from 'node:timers/promises';

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

import { runWithCorrelationId } from '../common/request-context';
import { QueueProbeService } from './queue-probe.service';
import { MAX_PROBE_HOLD_MS, QueueProbePayload, SYSTEM_QUEUE, SystemJob } from './queue.jobs';

@Processor(SYSTEM_QUEUE)
export class SystemProcessor extends WorkerHost {
  private readonly logger = new Logger(SystemProcessor.name);

  constructor(private readonly probes: QueueProbeService) {
    super();
  }

  /** A context of its own without a correlation id: no HTTP request's id reaches a job. */
  process(job: Job<QueueProbePayload>): Promise<void> {
    return runWithCorrelationId(null, () => this.run(job));
  }

  private async run(job: Job<QueueProbePayload>): Promise<void> {
    switch (job.name) {
      case SystemJob.QueueProbe: {
        const holdMs = Math.min(Math.max(job.data.holdMs ?? 0, 0), MAX_PROBE_HOLD_MS);
        if (holdMs > 0) {
          await setTimeout(holdMs);
        }
        await this.probes.recordProbeProcessed(job.data.probeId, new Date());
        return;
      }
      default:
        this.logger.warn(`Unknown job ${job.name} on ${SYSTEM_QUEUE}; left failed`);
        throw new Error(`Unknown job ${job.name}`);
    }
  }
}
