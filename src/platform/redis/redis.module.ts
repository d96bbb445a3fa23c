import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, APP_RUNTIME, type AppRuntime } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * This process's Redis connections. `commands` for ordinary commands; `subscriber` is the one
 * pub/sub connection of the process (a subscribed connection can run nothing else); `probe` answers
 * health checks and fails at once instead of queueing while Redis is down.
 * Every command gives up after `REDIS_COMMAND_TIMEOUT_MS`, whether it waits in the queue of a
 * reconnecting client or was sent to a Redis that does not answer (stopped, overloaded, cut off):
 * a request needing Redis then answers 503 instead of hanging.
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
    const commandTimeout = config.REDIS_COMMAND_TIMEOUT_MS;
    this.commands = new Redis(runtime.redisUrl, { commandTimeout, maxRetriesPerRequest: 1, retryStrategy: reconnectDelay, lazyConnect: false });
    this.probe = new Redis(runtime.redisUrl, {
      commandTimeout,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: reconnectDelay,
      lazyConnect: false,
    });
    for (const client of [this.commands, this.probe]) client.on('error', () => undefined); // surfaced by health checks and callers
  }

  /** Its commands (subscribe, ping) time out too; what it hears arrives as events, untouched by the timeout. */
  get subscriber(): Redis {
    if (!this.subscriberConnection) {
      this.subscriberConnection = new Redis(this.runtime.redisUrl, {
        commandTimeout: this.config.REDIS_COMMAND_TIMEOUT_MS,
        maxRetriesPerRequest: null,
        retryStrategy: reconnectDelay,
      });
      this.subscriberConnection.on('error', () => undefined);
    }
    return this.subscriberConnection;
  }

  get commandTimeoutMs(): number {
    return this.config.REDIS_COMMAND_TIMEOUT_MS;
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

/** Reconnect every 0.2-1 s (ioredis's default backs off to 2 s), so Redis is used again soon after it returns. */
function reconnectDelay(times: number): number {
  return Math.min(times * 200, 1000);
}

@Global()
@Module({ providers: [RedisService], exports: [RedisService] })
export class RedisModule {}
