// Intake load for the disposal scenarios: sequential clients POSTing requests for records,
// each request's start, latency and status kept, and the latency figures of a period.
import { performance } from 'node:perf_hooks';

import { percentile } from './common.mjs';

/**
 * `clients` sequential clients POSTing intake requests until `stop()` says so:
 * each request's start (ms since `t0`), latency and status.
 */
export function intake(base, t0, clients = 4) {
  const samples = [];
  let stopped = false;
  const running = Array.from({ length: clients }, async () => {
    while (!stopped) {
      const started = performance.now();
      let status = 0;
      try {
        const response = await fetch(`${base}/api/v1/records-requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ description: 'Planer för en elev.', delivery: 'electronic' }),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = -1;
      }
      samples.push({ at: started - t0, ms: performance.now() - started, status });
    }
  });
  return {
    samples,
    async stop() {
      stopped = true;
      await Promise.all(running);
      return samples;
    },
  };
}

/** Latency figures of samples (ms); with `windowMs`, also the worst p95 of any slice that long. */
export function latency(samples, windowMs = 0) {
  const ms = samples.map((sample) => sample.ms);
  const figures = {
    requests: samples.length,
    errors: samples.filter((sample) => sample.status !== 201).length,
    p50: +percentile(ms, 50).toFixed(1),
    p95: +percentile(ms, 95).toFixed(1),
    p99: +percentile(ms, 99).toFixed(1),
  };
  if (windowMs > 0) {
    const slices = new Map();
    for (const sample of samples) {
      const key = Math.floor(sample.at / windowMs);
      if (!slices.has(key)) slices.set(key, []);
      slices.get(key).push(sample.ms);
    }
    figures.worstWindowP95 = +Math.max(
      ...[...slices.values()].map((slice) => percentile(slice, 95)),
    ).toFixed(1);
  }
  return figures;
}
