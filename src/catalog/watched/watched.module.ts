import { Module } from '@nestjs/common';
import { WatchedRepository } from './watched.repository.js';
import { WatchedService } from './watched.service.js';

/** The per-user watched state both dialects share: the Invidious history and imports, TubeArchivist's `/api/watched/`. */
@Module({ providers: [WatchedRepository, WatchedService], exports: [WatchedRepository, WatchedService] })
export class WatchedModule {}
