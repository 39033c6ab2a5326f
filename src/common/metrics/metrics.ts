import { Global, Injectable, Module } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/** Seconds, from 5 ms (a page off an index) to 30 s (a long job or a slow copy). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The application's Prometheus registry (prom-client), served as `/metrics`
 * on the operations listener (src/health/ops-server.ts). Each module declares
 * the metrics it owns here (`iup_…`); gauges that come from the database or
 * the queue backend are read when Prometheus scrapes, with cheap queries,
 * never on a timer. A registry per application, not prom-client's global one:
 * a test process starts many applications.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  constructor() {
    // Process and Node.js metrics: CPU, memory, event loop lag, GC, handles.
    collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return (
      this.existing<Counter<L>>(config.name) ??
      new Counter({ ...config, registers: [this.registry] })
    );
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return (
      this.existing<Gauge<L>>(config.name) ?? new Gauge({ ...config, registers: [this.registry] })
    );
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return (
      this.existing<Histogram<L>>(config.name) ??
      new Histogram({ ...config, registers: [this.registry] })
    );
  }

  /** The Prometheus text exposition of every metric, collected now. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }

  private existing<T>(name: string): T | undefined {
    return this.registry.getSingleMetric(name) as T | undefined;
  }
}

/** The registry for every module, in every role. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
