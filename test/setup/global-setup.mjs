// Once per jest run: a template database with every migration applied. Each test file then clones
// it (CREATE DATABASE … TEMPLATE), which takes milliseconds, so every file has its own database.
// Plain ESM importing the build: jest loads global setup outside its module mapper, where the
// sources' `.js` import specifiers would not resolve. `npm test` builds first.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';

const dataSourceModule = new URL('../../dist/src/platform/database/data-source.js', import.meta.url);

export default async function globalSetup() {
  if (!existsSync(dataSourceModule)) throw new Error('dist/ is missing: run `npm run build` (npm test does) before jest');
  const { openDataSource, runMigrations } = await import(dataSourceModule.href);
  process.env.TZ = 'UTC';
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.TUBEVAULT_TEST_RUN = runId;
  const template = `tv_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${template}`;
  const dataSource = await openDataSource(url.toString(), 1);
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
