import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { CookieController } from './cookie.controller.js';
import { CookieRevalidationProcessor, CookieRevalidationScheduler } from './cookie-revalidation.js';
import { CookieService } from './cookie.service.js';
import { YoutubeCookieChecker } from './youtube-cookie-checker.js';
import { YoutubeCookieEntity } from './youtube-cookie.entity.js';
import { YoutubeCookieRepository } from './youtube-cookie.repository.js';

@Module({})
export class CookieModule {
  /** `processJobs`: this process runs queue processors (ROLE worker or all). */
  static register({ processJobs }: { processJobs: boolean }): DynamicModule {
    return {
      module: CookieModule,
      imports: [TypeOrmModule.forFeature([YoutubeCookieEntity])],
      controllers: [CookieController],
      providers: [
        YoutubeCookieRepository,
        CookieService,
        { provide: YoutubeCookieChecker, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new YoutubeCookieChecker(config.YOUTUBE_URL) },
        CookieRevalidationScheduler,
        ...(processJobs ? [CookieRevalidationProcessor] : []),
      ],
    };
  }
}
