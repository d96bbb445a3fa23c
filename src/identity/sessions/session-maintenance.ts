import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { QUEUES } from '../../platform/queue/queues.js';
import { repeatingJobScheduler } from '../../platform/queue/repeating-job.js';
import { SessionsService } from './sessions.service.js';

export const PURGE_EXPIRED_SESSIONS = 'purge-expired-sessions';
const EVERY_HOUR = 60 * 60 * 1000;

/** Registers the hourly purge of expired sessions. */
export const SessionMaintenanceScheduler = repeatingJobScheduler(QUEUES.maintenance, PURGE_EXPIRED_SESSIONS, EVERY_HOUR);

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
