import { Global, Module, type DynamicModule } from '@nestjs/common';
import { SessionMaintenanceProcessor, SessionMaintenanceScheduler } from './session-maintenance.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

@Global()
@Module({})
export class SessionsModule {
  /** `processJobs`: this process runs queue processors (ROLE worker or all). */
  static register({ processJobs }: { processJobs: boolean }): DynamicModule {
    return {
      module: SessionsModule,
      providers: [SessionsRepository, SessionsService, SessionMaintenanceScheduler, ...(processJobs ? [SessionMaintenanceProcessor] : [])],
      exports: [SessionsRepository, SessionsService],
    };
  }
}
