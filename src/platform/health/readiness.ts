import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { RedisService } from '../redis/redis.module.js';
import { UPSTREAM_HEALTH, type UpstreamHealthSource, type UpstreamInstanceHealth } from './upstream-health.js';

const CHECK_TIMEOUT_MS = 2000;

export interface DependencyStatus {
  status: 'up' | 'down';
  /** Why the dependency is down. */
  message?: string;
}

export interface UpstreamStatus {
  /** Down when no instance can take a request: every circuit is open. */
  status: 'up' | 'down';
  instances: UpstreamInstanceHealth[];
}

export interface Readiness {
  ready: boolean;
  database: DependencyStatus;
  redis: DependencyStatus;
  /** Only with an Invidious upstream. */
  upstream?: UpstreamStatus;
}

/**
 * Whether Postgres and Redis answer, each within 2 s, and (with Invidious instances) whether one of
 * them can take requests: what `GET /api/health/ready/` and the front page show.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly redis: RedisService,
    @Optional() @Inject(UPSTREAM_HEALTH) private readonly upstreamHealth?: UpstreamHealthSource,
  ) {}

  async check(): Promise<Readiness> {
    const dependencies = await this.checkDependencies();
    const instances = this.upstreamHealth?.upstreamInstances() ?? null;
    if (!instances) return dependencies;
    // One instance is never refused (there is nowhere else to go), so it never makes tubevault unready.
    const up = instances.length === 1 || instances.some((i) => i.state !== 'open');
    return { ...dependencies, ready: dependencies.ready && up, upstream: { status: up ? 'up' : 'down', instances } };
  }

  private async checkDependencies(): Promise<Readiness> {
    const checks = [
      () => this.typeorm.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            await this.redis.probe.ping();
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ];
    try {
      await this.health.check(checks);
      return { ready: true, database: { status: 'up' }, redis: { status: 'up' } };
    } catch (error) {
      const details = ((error as { response?: { details?: Record<string, DependencyStatus> } }).response?.details ?? {}) as Record<string, DependencyStatus>;
      // Only status and message: terminus adds timings and other keys of its own.
      const status = (d: DependencyStatus | undefined): DependencyStatus =>
        d?.status === 'up' ? { status: 'up' } : { status: 'down', ...(d?.message ? { message: d.message } : {}) };
      return { ready: false, database: status(details.database), redis: status(details.redis) };
    }
  }
}
