import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Dialect } from '../http/dialect.js';
import { QUEUES } from '../queue/queues.js';

/** Queue figures are read from Redis at scrape time; a Redis that does not answer must not hang the scrape. */
const QUEUE_READ_TIMEOUT_MS = 2000;
/** Refreshes wait on the upstream (seconds); maintenance jobs are quick. */
const JOB_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export interface RequestLabels {
  method: string;
  /** The route template (`/api/v1/auth/playlists/:id`), never the raw URL: label values must stay few. */
  route: string;
  status: string;
  dialect: Dialect;
}

export type JobOutcome = 'completed' | 'failed';

/** A figure a feature module owns, read when /metrics is scraped (see `registerGauge`). */
export interface ScrapedGauge {
  name: string;
  help: string;
  read: () => number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/**
 * This process's Prometheus metrics, in a registry of its own (not prom-client's global one, so
 * two apps in one process, as in the tests, do not collide). Counters are fed by the request hook,
 * the guard, the audit log and the queue listener; gauges are read when scraped.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requests: Counter<keyof RequestLabels>;
  private readonly requestDuration: Histogram<keyof RequestLabels>;
  private readonly authFailures: Counter<'reason'>;
  private readonly jobs: Counter<'queue' | 'name' | 'outcome'>;
  private readonly jobDuration: Histogram<'queue' | 'name' | 'outcome'>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'tubevault_' });
    this.requests = new Counter({
      name: 'tubevault_http_requests_total',
      help: 'HTTP requests answered, by route template',
      labelNames: ['method', 'route', 'status', 'dialect'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'tubevault_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route template',
      labelNames: ['method', 'route', 'status', 'dialect'],
      registers,
    });
    this.authFailures = new Counter({
      name: 'tubevault_auth_failures_total',
      help: 'Refused credentials and failed logins, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.jobs = new Counter({
      name: 'tubevault_queue_jobs_finished_total',
      help: 'Jobs that completed or finally failed (all attempts used), by queue and job name',
      labelNames: ['queue', 'name', 'outcome'],
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'tubevault_queue_job_duration_seconds',
      help: "Run time of a job's last attempt, by queue and job name",
      labelNames: ['queue', 'name', 'outcome'],
      buckets: JOB_DURATION_BUCKETS,
      registers,
    });

    const queues = Object.values(QUEUES).map((name) => ({ name, queue: () => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }) }));
    new Gauge({
      name: 'tubevault_queue_jobs',
      help: 'Jobs in each queue by state, read from Redis (the same for every process sharing it); repeatable = schedules',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        // Set afresh each scrape: a queue whose figures cannot be read is left out, not shown stale.
        this.reset();
        await Promise.all(
          queues.map(async ({ name, queue }) => {
            try {
              const [counts, repeatable] = await withTimeout(Promise.all([queue().getJobCounts(), queue().getRepeatableCount()]), QUEUE_READ_TIMEOUT_MS);
              for (const [state, count] of Object.entries({ ...counts, repeatable })) this.set({ queue: name, state }, count);
            } catch {
              // Redis is unreachable: the queue is left out rather than failing the whole scrape (/api/health/ready/ reports Redis).
            }
          }),
        );
      },
    });
    const pool = () => (this.dataSource.driver as unknown as { master?: Pool }).master;
    new Gauge({
      name: 'tubevault_db_pool_connections',
      help: "This process's database connections by state (in_use, idle, and requests waiting for one)",
      labelNames: ['state'],
      registers,
      collect() {
        const current = pool();
        if (!current) return;
        this.set({ state: 'in_use' }, current.totalCount - current.idleCount);
        this.set({ state: 'idle' }, current.idleCount);
        this.set({ state: 'waiting' }, current.waitingCount);
      },
    });
  }

  /**
   * Adds a gauge read at scrape time. Feature modules register their own figures here (the
   * notifications module its open streams), so this layer needs to know none of them.
   */
  registerGauge({ name, help, read }: ScrapedGauge): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  observeRequest(labels: RequestLabels, seconds: number): void {
    this.requests.inc(labels);
    this.requestDuration.observe(labels, seconds);
  }

  countAuthFailure(reason: string): void {
    this.authFailures.inc({ reason });
  }

  /** `seconds` is unknown when the job was removed before it could be read. */
  observeJob(queue: string, name: string, outcome: JobOutcome, seconds: number | undefined): void {
    this.jobs.inc({ queue, name, outcome });
    if (seconds !== undefined) this.jobDuration.observe({ queue, name, outcome }, seconds);
  }
}
