import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_RUNTIME, type AppRuntime } from '../config/config.module.js';
import { dataSourceOptions, runMigrations, type EntityList } from './data-source.js';

/** The TypeORM connection, migrated before use; `entities` come from the composition root. */
@Module({})
export class DatabaseModule {
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_RUNTIME],
          useFactory: (runtime: AppRuntime) => ({
            ...dataSourceOptions(runtime.databaseUrl, runtime.databasePoolSize, entities),
            retryAttempts: 5,
            retryDelay: 2000,
          }),
          // Migrations run before any module uses the database, once per deployment (advisory lock).
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            const applied = await runMigrations(dataSource);
            new Logger('Database').log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
            return dataSource;
          },
        }),
      ],
    };
  }
}
