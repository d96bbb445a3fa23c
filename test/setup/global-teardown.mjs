// Drops this run's template database and any test database a crashed file left behind.
import pg from 'pg';

export default async function globalTeardown() {
  const runId = process.env.TUBEVAULT_TEST_RUN;
  if (!runId) return;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2', [`tv_tpl_${runId}`, `tv_t_${runId}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
