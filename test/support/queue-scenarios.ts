import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';

import { AppModule } from '../../src/app.module';
import type { QueueBackendKind } from '../../src/config/app-config';
import { QueueProbe } from '../../src/queue/queue-probe.entity';
import { QueueProbeService } from '../../src/queue/queue-probe.service';
import { startTestApp, TestApp } from './test-app';
import { buildTestConfig, isolationOf } from './test-env';

/** Polls until the probe is processed or the time is up; returns its last state. */
export async function waitForProbe(
  probes: QueueProbeService,
  id: string,
  timeoutMs = 15000,
): Promise<QueueProbe | null> {
  const deadline = Date.now() + timeoutMs;
  let probe = await probes.findProbe(id);
  while (!probe?.processedAt && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    probe = await probes.findProbe(id);
  }
  return probe;
}

/**
 * The same scenarios on either backend: BullMQ's processors do not know which
 * one they run on. Each backend has its own suite file because BullMQ's
 * backend choice is process-wide, and jest gives each file its own modules.
 */
export function describeQueueScenarios(backend: QueueBackendKind): void {
  describe(`a job enqueued through the app (${backend} backend)`, () => {
    let testApp: TestApp;

    beforeAll(async () => {
      testApp = await startTestApp({ queue: backend });
    });

    afterAll(() => testApp.close());

    it('is processed exactly once by the processor', async () => {
      const probes = testApp.app.get(QueueProbeService);

      const enqueued = await probes.enqueueProbe();
      const processed = await waitForProbe(probes, enqueued.id);

      expect(testApp.config.queue.backend).toBe(backend);
      expect(processed?.processedAt).toBeInstanceOf(Date);
      expect(processed?.processedCount).toBe(1);
      expect(processed?.backend).toBe(backend);
    });

    it('keeps up with a burst of jobs', async () => {
      const probes = testApp.app.get(QueueProbeService);

      const enqueued = await Promise.all(Array.from({ length: 25 }, () => probes.enqueueProbe()));
      const processed = await Promise.all(enqueued.map((probe) => waitForProbe(probes, probe.id)));

      expect(processed.map((probe) => probe?.processedCount)).toEqual(enqueued.map(() => 1));
    });

    it('reports the queue backend as ready', async () => {
      const ready = await testApp.http().get('/health/ready').expect(200);

      expect(ready.body.details.queue).toEqual({ status: 'up', backend });
    });
  });

  describe(`ROLE split (${backend} backend)`, () => {
    let web: TestApp;
    let worker: INestApplicationContext | undefined;

    beforeAll(async () => {
      web = await startTestApp({ queue: backend, role: 'web' });
    });

    afterAll(async () => {
      await worker?.close();
      await web.close();
    });

    it('a web process only enqueues; a worker process on the same data processes', async () => {
      const probes = web.app.get(QueueProbeService);
      const enqueued = await probes.enqueueProbe();

      const untouched = await waitForProbe(probes, enqueued.id, 1500);
      expect(untouched?.processedAt ?? null).toBeNull();

      const workerConfig = buildTestConfig({
        queue: backend,
        role: 'worker',
        isolation: isolationOf(web.config),
      });
      worker = await NestFactory.createApplicationContext(AppModule.forRoot(workerConfig), {
        logger: false,
      });
      await worker.init();

      const processed = await waitForProbe(probes, enqueued.id);
      expect(processed?.processedCount).toBe(1);
    });
  });
}
