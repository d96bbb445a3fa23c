import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { upstreamKindOf, type AppConfig } from '../../platform/config/config.js';
import type { UpstreamHealthSource, UpstreamInstanceHealth } from '../../platform/health/upstream-health.js';
import { MetricsService } from '../../platform/metrics/metrics.service.js';
import { CIRCUIT_STATE_VALUES, UpstreamPool } from './upstream-pool.js';

/** A failed probe doubles the cool-down up to this. */
const MAX_COOLDOWN_MS = 600_000;
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The process's UpstreamPool over the Invidious instances of UPSTREAM_URL (null for another
 * upstream), shared by every upstream call: read-through, refresh jobs, pass-through, media and
 * images. Circuit state, requests, failures and latency per instance go to /metrics (labelled by
 * the instance's origin) and to the readiness details.
 */
@Injectable()
export class UpstreamInstances implements UpstreamHealthSource {
  readonly pool: UpstreamPool | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig, metrics: MetricsService) {
    if (upstreamKindOf(config) !== 'invidious') {
      this.pool = null;
      return;
    }
    const registers = [metrics.registry];
    const label = (origin: string, baseUrl: string) => (baseUrl === origin ? origin : baseUrl);
    const requests = new Counter({
      name: 'tubevault_upstream_instance_requests_total',
      help: 'Attempts sent to each Invidious upstream instance',
      labelNames: ['instance'],
      registers,
    });
    const failures = new Counter({
      name: 'tubevault_upstream_instance_failures_total',
      help: 'Attempts that failed on each Invidious upstream instance (connection error, timeout, 5xx)',
      labelNames: ['instance'],
      registers,
    });
    const latency = new Histogram({
      name: 'tubevault_upstream_instance_request_duration_seconds',
      help: 'Time to answer of successful attempts on each Invidious upstream instance',
      labelNames: ['instance'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const pool = new UpstreamPool(config.UPSTREAM_URL!, {
      failureThreshold: config.UPSTREAM_FAILURE_THRESHOLD,
      cooldownMs: config.UPSTREAM_COOLDOWN_SECONDS * 1000,
      maxCooldownMs: Math.max(MAX_COOLDOWN_MS, config.UPSTREAM_COOLDOWN_SECONDS * 1000),
      probeTimeoutMs: Math.max(config.UPSTREAM_TIMEOUT_MS, 10_000) * 2,
      onAttempt: (instance, ok, latencyMs) => {
        const labels = { instance: label(instance.origin, instance.baseUrl) };
        requests.inc(labels);
        if (ok) latency.observe(labels, latencyMs / 1000);
        else failures.inc(labels);
      },
    });
    this.pool = pool;
    for (const instance of pool.instances) {
      const labels = { instance: label(instance.origin, instance.baseUrl) };
      requests.inc(labels, 0);
      failures.inc(labels, 0);
    }
    new Gauge({
      name: 'tubevault_upstream_instance_circuit_state',
      help: 'Circuit of each Invidious upstream instance: 0 closed (in use), 1 half-open (probe due or under way), 2 open (left alone)',
      labelNames: ['instance'],
      registers,
      collect() {
        for (const s of pool.status()) this.set({ instance: label(s.origin, s.baseUrl) }, CIRCUIT_STATE_VALUES[s.state]);
      },
    });
    new Gauge({
      name: 'tubevault_upstream_instance_latency_ewma_seconds',
      help: 'Moving average of the time to answer of each Invidious upstream instance (absent before its first answer)',
      labelNames: ['instance'],
      registers,
      collect() {
        this.reset();
        for (const s of pool.status()) if (s.latencyMs !== null) this.set({ instance: label(s.origin, s.baseUrl) }, s.latencyMs / 1000);
      },
    });
  }

  /** Each instance's circuit and latency, or null without an Invidious upstream. */
  upstreamInstances(): UpstreamInstanceHealth[] | null {
    if (!this.pool) return null;
    return this.pool.status().map((s) => ({
      url: s.baseUrl,
      state: s.state,
      latencyMs: s.latencyMs,
      ...(s.probeAt !== null ? { nextProbeAt: new Date(s.probeAt).toISOString() } : {}),
    }));
  }
}
