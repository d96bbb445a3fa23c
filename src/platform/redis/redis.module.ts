import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, APP_RUNTIME, type AppRuntime } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * This process's Redis connections. `commands` for ordinary commands; `subscriber` is the one
 * pub/sub connection of the process (a subscribed connection can run nothing else); `probe` answers
 * health checks and fails at once instead of queueing while Redis is down.
 * Every key and channel tubevault uses goes through `key()` so deployments and tests can share a Redis.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly commands: Redis;
  readonly probe: Redis;
  private subscriberConnection?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_RUNTIME) private readonly runtime: AppRuntime,
  ) {
    this.commands = new Redis(runtime.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
    this.probe = new Redis(runtime.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false });
    for (const client of [this.commands, this.probe]) client.on('error', () => undefined); // surfaced by health checks and callers
  }

  get subscriber(): Redis {
    if (!this.subscriberConnection) {
      this.subscriberConnection = new Redis(this.runtime.redisUrl, { maxRetriesPerRequest: null });
      this.subscriberConnection.on('error', () => undefined);
    }
    return this.subscriberConnection;
  }

  get prefix(): string {
    return this.config.REDIS_PREFIX;
  }

  key(...parts: string[]): string {
    return [this.config.REDIS_PREFIX, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.commands, this.probe, this.subscriberConnection].filter((c): c is Redis => !!c).map((c) => c.quit().catch(() => c.disconnect())));
  }
}

@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
