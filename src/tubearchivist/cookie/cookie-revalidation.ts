import { Process, Processor } from '@nestjs/bull';
import { QUEUES } from '../../platform/queue/queues.js';
import { repeatingJobScheduler } from '../../platform/queue/repeating-job.js';
import { CookieService } from './cookie.service.js';

export const REVALIDATE_YOUTUBE_COOKIE = 'revalidate-youtube-cookie';
const EVERY_DAY = 24 * 60 * 60 * 1000;

/**
 * Registers the daily re-validation of the stored YouTube cookie, so an expired or signed-out
 * cookie shows as `status:false` before anything needs it.
 */
export const CookieRevalidationScheduler = repeatingJobScheduler(QUEUES.maintenance, REVALIDATE_YOUTUBE_COOKIE, EVERY_DAY);

/** Runs where ROLE is worker or all. */
@Processor(QUEUES.maintenance)
export class CookieRevalidationProcessor {
  constructor(private readonly cookies: CookieService) {}

  /** The check's outcome is recorded (and logged) by the service; the job result only summarises it. */
  @Process(REVALIDATE_YOUTUBE_COOKIE)
  async revalidateYoutubeCookie(): Promise<{ stored: boolean; valid?: boolean }> {
    const valid = await this.cookies.revalidate();
    return valid === undefined ? { stored: false } : { stored: true, valid };
  }
}
