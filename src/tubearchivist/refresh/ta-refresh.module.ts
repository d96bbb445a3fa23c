import { Module } from '@nestjs/common';
import { RefreshQueueModule } from '../../catalog/refresh/refresh-queue.module.js';
import { UpstreamModule } from '../../catalog/upstream/upstream.module.js';
import { RefreshController } from './refresh.controller.js';
import { RefreshService } from './refresh.service.js';

/** TubeArchivist's `/api/refresh/`: enqueues refreshes on the core queue and reports its state. */
@Module({
  imports: [UpstreamModule, RefreshQueueModule],
  controllers: [RefreshController],
  providers: [RefreshService],
})
export class TaRefreshModule {}
