import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config.js';

export const APP_CONFIG = Symbol('APP_CONFIG');
export const APP_RUNTIME = Symbol('APP_RUNTIME');

/** Where this process's Postgres and Redis actually are (embedded ones are resolved before Nest starts). */
export interface AppRuntime {
  databaseUrl: string;
  redisUrl: string;
  /** Pool size actually used: the embedded database accepts only this many connections. */
  databasePoolSize: number;
}

/** Makes the validated configuration injectable everywhere as `@Inject(APP_CONFIG)`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, runtime: AppRuntime): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_RUNTIME, useValue: runtime },
      ],
      exports: [APP_CONFIG, APP_RUNTIME],
    };
  }
}
