import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { ReadinessService } from './readiness.js';

/** The probes, and ReadinessService for the pages that show the same state. */
@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [ReadinessService], exports: [ReadinessService] })
export class HealthModule {}
