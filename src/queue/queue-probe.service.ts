import { randomUUID } from 'node:crypto';

import { EntityManager, raw } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { QueueProbe } from './queue-probe.entity';
import { QueueProbePayload, SYSTEM_QUEUE, SystemJob } from './queue.jobs';

@Injectable()
export class QueueProbeService {
  constructor(
    private readonly em: EntityManager,
    @InjectQueue(SYSTEM_QUEUE) private readonly systemQueue: Queue<QueueProbePayload>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Commits a probe row, then enqueues its job. The job id is the row id, so
   * enqueuing the same probe twice yields one job.
   */
  async enqueueProbe(options: { holdMs?: number } = {}): Promise<QueueProbe> {
    const em = this.em.fork();
    const probe = em.create(QueueProbe, {
      id: randomUUID(),
      requestedAt: new Date(),
      processedCount: 0,
      backend: this.config.queue.backend,
    });
    await em.persist(probe).flush();
    await this.systemQueue.add(
      SystemJob.QueueProbe,
      { probeId: probe.id, holdMs: options.holdMs },
      { jobId: probe.id, removeOnComplete: 1000, removeOnFail: 1000 },
    );
    return probe;
  }

  /** Marks a probe processed; a repeated delivery only counts, it changes nothing else. */
  async recordProbeProcessed(probeId: string, now: Date): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(
        QueueProbe,
        { id: probeId },
        { processedAt: now, processedCount: raw('processed_count + 1') },
      );
  }

  async findProbe(probeId: string): Promise<QueueProbe | null> {
    return this.em.fork().findOne(QueueProbe, { id: probeId });
  }
}
