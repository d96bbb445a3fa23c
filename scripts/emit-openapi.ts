/**
 * Writes openapi/openapi.json from the Nest app's metadata, without Postgres or Redis (preview mode:
 * no provider is instantiated). `--check` compares with the committed file instead and fails on drift;
 * `--out <file>` writes elsewhere.
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module.js';
import { CONFIG_CHECKS } from '../src/config-checks.js';
import { loadConfig } from '../src/platform/config/config.js';
import { createFastifyAdapter } from '../src/create-app.js';
import { createRootLogger } from '../src/platform/logging/logger.js';
import { buildOpenApiDocument } from '../src/platform/openapi/document.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const committedSpec = join(root, 'openapi', 'openapi.json');
const outIndex = process.argv.indexOf('--out');
const target = outIndex > 0 && process.argv[outIndex + 1] ? process.argv[outIndex + 1] : committedSpec;

const config = loadConfig({ DATABASE_URL: 'postgres://preview.invalid/none', REDIS_URL: 'redis://preview.invalid:1' }, CONFIG_CHECKS);
const app = await NestFactory.create<NestFastifyApplication>(
  AppModule.register({
    config,
    runtime: { databaseUrl: config.DATABASE_URL!, redisUrl: config.REDIS_URL!, databasePoolSize: 1 },
    logger: createRootLogger('silent'),
  }),
  createFastifyAdapter(),
  { preview: true, logger: false },
);
const text = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
await app.close();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing counts as different
  }
  if (committed !== text) {
    process.stderr.write('openapi/openapi.json differs from what the code generates: run `npm run openapi` and commit the result.\n');
    process.exit(1);
  }
  process.stdout.write('openapi/openapi.json is up to date\n');
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
