import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ExpensiveSlotsService } from './expensive-slots.service.js';
import { ExpensiveWorkInterceptor } from './expensive-work.interceptor.js';

/** The per-principal concurrency limit of `@Expensive()` routes. */
@Module({
  providers: [ExpensiveSlotsService, { provide: APP_INTERCEPTOR, useClass: ExpensiveWorkInterceptor }],
  exports: [ExpensiveSlotsService],
})
export class LimitsModule {}
