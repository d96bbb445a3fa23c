import { Module } from '@nestjs/common';
import { RefreshQueue } from './refresh-queue.service.js';

/** Enqueueing refreshes, for any module that needs to (the refresh API, subscriptions, imports). */
@Module({ providers: [RefreshQueue], exports: [RefreshQueue] })
export class RefreshQueueModule {}
