import 'reflect-metadata';
import { config as loadDotenv } from 'dotenv';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { CONFIG_CHECKS } from './config-checks.js';
import { ConfigError, loadConfig, type AppConfig } from './platform/config/config.js';
import { APP_INFO } from './platform/app-info.js';
import { DataDirLockedError } from './platform/database/embedded-postgres.js';
import { createHttpApp } from './create-app.js';
import { createRootLogger, logFormatOf, StartUpDetailAsDebug } from './platform/logging/logger.js';
import { RedisServerMissingError } from './platform/redis/embedded-redis.js';
import { startRuntime, type StartedRuntime } from './platform/runtime.js';
import { UsersService } from './identity/users/users.service.js';
import { describeUpstream } from './catalog/upstream/upstream.module.js';
import { drainQueues } from './platform/queue/drain.js';

/** Time allowed for in-flight requests and the current job to finish after SIGTERM/SIGINT. */
const SHUTDOWN_GRACE_MS = 9000;

/** What each role runs, for the first start-up line. */
const ROLE_DESCRIPTIONS: Record<AppConfig['ROLE'], string> = {
  all: 'HTTP API and background jobs in one process',
  api: 'HTTP API; jobs are only enqueued, for workers (ROLE=worker) to run',
  worker: 'background jobs only, no HTTP',
};

function readConfig(): AppConfig {
  loadDotenv({ quiet: true });
  try {
    return loadConfig(process.env, CONFIG_CHECKS);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) process.stderr.write(`tubevault: ${line}\n`);
    process.exit(1);
  }
}

/**
 * Stops the application: first the job queues, which wait for the job this process is running to
 * finish (Bull's close), so no job loses its database mid-way; then everything else (HTTP server,
 * database pool, Redis connections) through Nest's shutdown.
 */
async function closeApp(app: INestApplicationContext | undefined): Promise<void> {
  if (!app) return;
  await drainQueues(app);
  await app.close();
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createRootLogger(config.LOG_LEVEL, undefined, logFormatOf(config.LOG_FORMAT));
  log.info(`${APP_INFO.name} ${APP_INFO.version}: ${ROLE_DESCRIPTIONS[config.ROLE]} (ROLE=${config.ROLE})`);

  let runtime: StartedRuntime;
  try {
    runtime = await startRuntime(config, log);
  } catch (error) {
    if (error instanceof RedisServerMissingError || error instanceof DataDirLockedError) {
      process.stderr.write(`tubevault: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  log.info(describeUpstream(config));

  const options = { config, runtime, logger: log };
  let app: INestApplicationContext | undefined;
  let url: string | undefined;
  try {
    if (config.ROLE === 'worker') {
      app = await NestFactory.createApplicationContext(AppModule.register(options), { bufferLogs: true });
      app.useLogger(new StartUpDetailAsDebug(app.get(NestPinoLogger)));
      app.enableShutdownHooks([]);
      log.info('queues: worker ready, processing jobs');
    } else {
      const http = await createHttpApp(options);
      app = http;
      await http.listen(config.PORT, config.HOST);
      const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
      url = (config.PUBLIC_URL ?? `http://${host}:${config.PORT}`).replace(/\/+$/, '');
      log.info(`listening: ${url} (open it in a browser; Swagger UI: ${url}/docs, spec: ${url}/openapi.json)`);
      if ((await http.get(UsersService).count()) === 0) {
        log.info(
          `next: no users yet. Restart with ADMIN_USERNAME and ADMIN_PASSWORD set, or run \`npm run cli -- users:create <name> --admin\`; ` +
            `then log in at ${url}/login (browser) or POST ${url}/api/login/ (API token), and explore the API at ${url}/docs`,
        );
      } else {
        log.info(`next: log in at ${url}/login, and give apps the instance URL shown at ${url}/`);
      }
    }
  } catch (error) {
    // A failed start (the port is taken, the database refuses, …) releases what was started:
    // the app's connections and jobs, then the embedded database and Redis children.
    const bounded = new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([closeApp(app).catch(() => undefined), bounded]);
    await runtime.stop();
    throw error;
  }
  const started = app;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing in-flight work, then exiting`);
    const force = setTimeout(() => {
      log.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await closeApp(started);
      await runtime.stop();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`tubevault: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
