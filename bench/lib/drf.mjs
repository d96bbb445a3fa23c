// TubeArchivist's stack as the peer of tubevault's ping: the Django REST Framework project in
// bench/drf/ under gunicorn (gthread, 2 workers × 4 threads, as TubeArchivist's container runs its
// API), with DRF token authentication against a scratch Postgres database of its own. The Debian
// packages are installed with apt-get when missing (and allowed); when that fails the row is skipped.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { databaseUrl } from './seed.mjs';
import { Child, freePort } from './processes.mjs';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3'; // Debian's, where the apt packages land (not a pyenv or venv python)
const PACKAGES = ['python3-djangorestframework', 'gunicorn', 'python3-psycopg2'];
const DRF_DIR = new URL('../drf/', import.meta.url).pathname;
export const DRF_WORKERS = 2;
export const DRF_THREADS = 4;

export const drfDatabase = (config) => `${config.database}_drf`;

async function importable() {
  try {
    const { stdout } = await run(PYTHON, [
      '-c',
      'import django, rest_framework, psycopg2, gunicorn; print(django.get_version(), rest_framework.VERSION, gunicorn.__version__)',
    ]);
    const [django, drf, gunicorn] = stdout.trim().split(' ');
    return { django, drf, gunicorn };
  } catch {
    return null;
  }
}

/** The packages are importable by Debian's python, installing them when `install` allows. */
export async function ensureDrfPackages({ install, log }) {
  let versions = await importable();
  if (versions) return { ok: true, versions };
  if (!install) return { ok: false, reason: `${PACKAGES.join(', ')} are not installed (BENCH_DRF_INSTALL=0: not installing)` };
  log(`  DRF: installing ${PACKAGES.join(' ')} with apt-get`);
  try {
    await run('apt-get', ['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...PACKAGES], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 16 * 2 ** 20,
    });
  } catch (error) {
    const detail = `${error.stderr ?? ''}`.trim().split('\n').slice(-2).join(' ') || error.message;
    return { ok: false, reason: `\`apt-get install -y ${PACKAGES.join(' ')}\` failed: ${detail}` };
  }
  versions = await importable();
  return versions ? { ok: true, versions } : { ok: false, reason: `installed ${PACKAGES.join(', ')}, but ${PYTHON} cannot import them` };
}

async function recreate(config, name, drop = false) {
  const admin = new pg.Client({ connectionString: databaseUrl(config, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (!drop) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

export const dropDrfDatabase = (config) => recreate(config, drfDatabase(config), true);

/** A fresh scratch database, `manage.py migrate`, one user and its token, then gunicorn. */
export async function startDrf(config) {
  await recreate(config, drfDatabase(config));
  const env = { PATH: process.env.PATH ?? '', TZ: 'UTC', DRF_DATABASE_URL: databaseUrl(config, drfDatabase(config)), PYTHONDONTWRITEBYTECODE: '1' };
  const manage = (...args) => run(PYTHON, ['manage.py', ...args], { cwd: DRF_DIR, env });
  await manage('migrate', '--noinput', '-v', '0');
  const { stdout } = await manage('shell', '-c', 'import benchdrf.setup_user');
  const token = /TOKEN=(\w+)/.exec(stdout)?.[1];
  if (!token) throw new Error(`DRF: no token from setup_user: ${stdout}`);
  const port = await freePort();
  const child = new Child(
    'gunicorn (DRF)',
    [
      '-m',
      'gunicorn',
      '--worker-class',
      'gthread',
      '--workers',
      String(DRF_WORKERS),
      '--threads',
      String(DRF_THREADS),
      '--bind',
      `127.0.0.1:${port}`,
      '--log-level',
      'warning',
      'benchdrf.wsgi',
    ],
    env,
    { executable: PYTHON, cwd: DRF_DIR },
  );
  const base = `http://127.0.0.1:${port}`;
  await child.waitHttp(`${base}/health/`);
  return { child, base, port, token };
}
