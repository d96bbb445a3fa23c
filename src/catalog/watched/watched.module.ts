import { Module } from '@nestjs/common';
import { WatchedService } from './watched.service.js';

/** The per-user watched state both dialects share: the Invidious history and imports, TubeArchivist's `/api/watched/`. */
@Module({ providers: [WatchedService], exports: [WatchedService] })
export class WatchedModule {}
