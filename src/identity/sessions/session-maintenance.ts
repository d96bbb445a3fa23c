import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { QUEUES } from '../../platform/queue/queues.js';
import { SessionsService } from './sessions.service.js';

export const PURGE_EXPIRED_SESSIONS = 'purge-expired-sessions';
const EVERY_HOUR = 60 * 60 * 1000;

/**
 * Registers the hourly purge of expired sessions. Every instance registers it; Bull keys repeatable
 * jobs by name and interval, so it is scheduled once however many processes start.
 */
@Injectable()
export class SessionMaintenanceScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QUEUES.maintenance) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(PURGE_EXPIRED_SESSIONS, {}, { repeat: { every: EVERY_HOUR }, removeOnComplete: 10, removeOnFail: 10 });
  }
}

/** Runs where ROLE is worker or all. */
@Processor(QUEUES.maintenance)
export class SessionMaintenanceProcessor {
  private readonly logger = new Logger('SessionMaintenance');

  constructor(private readonly sessions: SessionsService) {}

  @Process(PURGE_EXPIRED_SESSIONS)
  async purgeExpiredSessions(): Promise<{ purged: number }> {
    const purged = await this.sessions.purgeExpired();
    if (purged) this.logger.log(`purged ${purged} expired sessions`);
    return { purged };
  }
}
