import 'reflect-metadata';
import { createInterface } from 'node:readline';
import { config as loadDotenv } from 'dotenv';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino, { type Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditModule } from './platform/audit/audit.module.js';
import { BackupRefusedError, writeBackup } from './ops/backup/backup.js';
import { BackupFormatError, readBackupHeader } from './ops/backup/backup-format.js';
import { restoreBackup, RestoreRefusedError } from './ops/backup/restore.js';
import { PROGRESS_MODES, progressReporter, showsProgress, type ProgressReporter, type ReportProgress } from './ops/progress/progress.js';
import { CONFIG_CHECKS } from './config-checks.js';
import { ConfigModule, type AppRuntime } from './platform/config/config.module.js';
import { ConfigError, loadConfig, type AppConfig } from './platform/config/config.js';
import { openDataSource, runMigrations } from './platform/database/data-source.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { ENTITIES } from './entities.js';
import { startEmbeddedPostgres } from './platform/database/embedded-postgres.js';
import { RedisModule } from './platform/redis/redis.module.js';
import { startRuntime } from './platform/runtime.js';
import { SessionsRepository } from './identity/sessions/sessions.repository.js';
import { SessionsService } from './identity/sessions/sessions.service.js';
import type { UserEntity } from './identity/users/user.entity.js';
import { UsersModule } from './identity/users/users.module.js';
import { checkPassword, checkUsername, UsernameTakenError, UsersService } from './identity/users/users.service.js';

const USAGE = `Usage: npm run cli -- <command>

Commands:
  users:create <name> [--admin]  Create a user (an admin with --admin) and print its id.
                                 The password is the first line of stdin (prompted for on a terminal).
  users:list                     One line per user: id, name, admin|user, created at (tab-separated).
  users:delete <name>            Delete a user and everything they own; their sessions end at once.
                                 The only admin cannot be deleted: create another admin first.
  users:set-password <name>      Set a user's password, read like users:create's.
  migration:run                  Apply pending database migrations and print their names.
  backup <file>                  Write every tubevault table to <file> (gzip'd JSON lines) from one
                                 consistent snapshot; safe while the server runs on DATABASE_URL.
                                 The file (mode 0600) holds password hashes, session ids and a
                                 generated secret key: keep it private.
  restore <file>                 Load a backup into an EMPTY database (migrations are applied first;
                                 a database with any row is refused). Tokens and the stored cookie need
                                 the backed-up SECRET_KEY: a generated one is in the backup; a configured
                                 one must be configured here too.
  help                           Show this text.

backup and restore show their progress on stderr when it is a terminal (a line per table, rewritten
as rows go by); CLI_PROGRESS=always shows it anyway, CLI_PROGRESS=never never (default auto).

Configuration is the server's: environment variables and .env (DATABASE_URL, REDIS_URL, DATA_DIR, ...).
Without DATABASE_URL the embedded database is opened, which only one process at a time may do:
stop the server first, or set DATABASE_URL. With DATABASE_URL, users:delete and users:set-password
also need the server's REDIS_URL (and REDIS_PREFIX): that is how a running server hears that the
user's sessions ended.
Exit status: 0 done, 1 failed (the reason is on stderr), 2 usage error.`;

type Invocation =
  | { command: 'users:create'; username: string; admin: boolean }
  | { command: 'users:delete' | 'users:set-password'; username: string }
  | { command: 'users:list' | 'migration:run' }
  | { command: 'backup' | 'restore'; file: string };

/** A malformed command line: usage text and exit status 2. */
class UsageError extends Error {}

/** An expected failure (unknown user, no password, ...): one line on stderr and exit status 1. */
class CliError extends Error {}

function parseArguments(argv: string[]): Invocation {
  const [command, ...rest] = argv;
  const flags = rest.filter((arg) => arg.startsWith('--'));
  const names = rest.filter((arg) => !arg.startsWith('--'));
  const expect = (nameCount: number, allowedFlags: string[] = [], what = 'a user name') => {
    const unknownFlag = flags.find((flag) => !allowedFlags.includes(flag));
    if (unknownFlag) throw new UsageError(`${command}: unknown option ${unknownFlag}`);
    if (names.length !== nameCount) throw new UsageError(`${command}: expected ${nameCount === 1 ? what : 'no arguments'}`);
  };
  switch (command) {
    case 'users:create':
      expect(1, ['--admin']);
      return { command, username: names[0], admin: flags.includes('--admin') };
    case 'users:delete':
    case 'users:set-password':
      expect(1);
      return { command, username: names[0] };
    case 'users:list':
    case 'migration:run':
      expect(0);
      return { command };
    case 'backup':
    case 'restore':
      expect(1, [], 'a file name');
      return { command, file: names[0] };
    case undefined:
    case 'help':
    case '--help':
      throw new UsageError('');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/**
 * SessionsService alone (UsersService announces revocations through it), without SessionsModule's
 * queue scheduler and processor: the CLI neither schedules nor runs jobs.
 */
@Global()
@Module({ providers: [SessionsRepository, SessionsService], exports: [SessionsRepository, SessionsService] })
class CliSessionsModule {}

/** The parts of the app the commands need: no HTTP, no queues. */
@Module({})
class CliModule {
  static register(config: AppConfig, runtime: AppRuntime): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config, runtime), DatabaseModule.forRoot(ENTITIES), RedisModule, CliSessionsModule, AuditModule, UsersModule],
    };
  }
}

/** Runs `work` with the same Postgres and Redis the server would use (embedded ones when unconfigured), then stops them. */
async function withRuntime<T>(config: AppConfig, log: Logger, work: (runtime: AppRuntime) => Promise<T>): Promise<T> {
  const runtime = await startRuntime(config, log);
  try {
    return await work(runtime);
  } finally {
    await runtime.stop();
  }
}

/**
 * Runs `work` on a data source of its own (one connection) on the configured database, or the
 * embedded one when DATABASE_URL is unset. No Redis: backup and restore only touch the database.
 */
async function withDataSource<T>(config: AppConfig, log: Logger, progress: ReportProgress, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  if (!config.DATABASE_URL) progress({ type: 'step', text: 'starting the embedded database' });
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres(`${config.DATA_DIR}/`, 1);
  try {
    if (embedded) log.info(`database: embedded PostgreSQL (PGlite), files in ${config.DATA_DIR}/pgdata`);
    const dataSource = await openDataSource(config.DATABASE_URL ?? embedded!.url, 1, ENTITIES);
    try {
      return await work(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

/** Runs `work` with the app's own UsersService (so the same rules, hashing and session revocation as the API). */
function withUsers<T>(config: AppConfig, log: Logger, work: (users: UsersService) => Promise<T>): Promise<T> {
  return withRuntime(config, log, async (runtime) => {
    const context = await NestFactory.createApplicationContext(CliModule.register(config, runtime), { logger: false, abortOnError: false });
    try {
      return await work(context.get(UsersService));
    } finally {
      await context.close();
    }
  });
}

/**
 * users:delete and users:set-password end the user's sessions, and a running server drops the ones
 * it has cached when the revocation reaches it over Redis. With DATABASE_URL set, a server may be
 * running on the same database; without REDIS_URL the CLI would start a private Redis that no
 * server listens to, and the server would go on accepting the old sessions.
 */
function requireSharedRedis(config: AppConfig, command: string): void {
  if (!config.DATABASE_URL || config.REDIS_URL) return;
  throw new CliError(
    `${command} ends the user's sessions, which a running server learns only through its Redis, but REDIS_URL is unset ` +
      '(DATABASE_URL is set), so no server would hear it. Set REDIS_URL and REDIS_PREFIX to the values the server uses; ' +
      'a server started without REDIS_URL has a private Redis no other process can reach: restart it with REDIS_URL set too.',
  );
}

async function findUser(users: UsersService, username: string): Promise<UserEntity> {
  const user = await users.findByUsername(username);
  if (!user) throw new CliError(`no user named "${username}"`);
  return user;
}

async function firstLineOfStdin(): Promise<string | undefined> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
    return undefined;
  } finally {
    lines.close();
  }
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Raw mode before the prompt: whatever is typed once it shows must not be echoed.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(typed);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new CliError('cancelled'));
          return;
        }
        typed = char === '\u007f' || char === '\b' ? [...typed].slice(0, -1).join('') : typed + char;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

/** The new password: typed twice on a terminal, else the first line of stdin. Checked before anything is written. */
async function readNewPassword(): Promise<string> {
  let password: string | undefined;
  if (process.stdin.isTTY) {
    password = await promptHidden('Password: ');
    if ((await promptHidden('Repeat password: ')) !== password) throw new CliError('the passwords do not match');
  } else {
    password = await firstLineOfStdin();
    if (password === undefined) throw new CliError('no password on stdin: write it as the first line');
  }
  checkPassword(password);
  return password;
}

async function run(invocation: Invocation, config: AppConfig, log: Logger, progress: ProgressReporter): Promise<void> {
  const print = (line: string) => {
    // On one terminal, stdout's line must not land at the end of an open progress line.
    progress.finish();
    process.stdout.write(`${line}\n`);
  };
  switch (invocation.command) {
    case 'users:create': {
      const { username, admin } = invocation;
      checkUsername(username);
      const user = await withUsers(config, log, async (users) => {
        // Refuse a taken name before asking for a password; create() still decides races.
        if (await users.findByUsername(username)) throw new UsernameTakenError(username);
        return users.create(username, await readNewPassword(), admin);
      });
      print(String(user.id));
      return;
    }
    case 'users:list':
      for (const user of await withUsers(config, log, (users) => users.list())) {
        print([user.id, user.username, user.isAdmin ? 'admin' : 'user', user.createdAt.toISOString()].join('\t'));
      }
      return;
    case 'users:delete': {
      requireSharedRedis(config, invocation.command);
      const user = await withUsers(config, log, async (users) => {
        const found = await findUser(users, invocation.username);
        if (!(await users.delete(found.id, { keepAnAdmin: true }))) throw new CliError(`no user named "${invocation.username}"`);
        return found;
      });
      print(`deleted user "${user.username}" (id ${user.id})`);
      return;
    }
    case 'users:set-password': {
      requireSharedRedis(config, invocation.command);
      const user = await withUsers(config, log, async (users) => {
        const found = await findUser(users, invocation.username);
        await users.setPassword(found.id, await readNewPassword());
        return found;
      });
      print(`password of "${user.username}" set`);
      return;
    }
    case 'migration:run': {
      const applied = await withRuntime(config, log, async (runtime) => {
        const dataSource = await openDataSource(runtime.databaseUrl, 1, ENTITIES);
        try {
          return await runMigrations(dataSource);
        } finally {
          await dataSource.destroy();
        }
      });
      for (const name of applied) print(`applied ${name}`);
      if (applied.length === 0) print('schema up to date: no pending migrations');
      return;
    }
    case 'backup': {
      const { rows } = await withDataSource(config, log, progress.report, (dataSource) =>
        writeBackup(dataSource, invocation.file, progress.active ? progress.report : undefined).catch((error: unknown) => {
          if (error instanceof BackupRefusedError) throw new CliError(`cannot back up: ${error.message}`);
          throw error;
        }),
      );
      print(`backed up ${describeRows(rows)} to ${invocation.file}`);
      return;
    }
    case 'restore': {
      const refused = (error: unknown) => {
        if (error instanceof RestoreRefusedError || error instanceof BackupFormatError) throw new CliError(`cannot restore: ${error.message}`);
        throw error;
      };
      // A file that is no backup is refused before a database is opened (the embedded one takes seconds to start).
      await readBackupHeader(invocation.file).catch(refused);
      const { header, rows } = await withDataSource(config, log, progress.report, (dataSource) =>
        restoreBackup(dataSource, invocation.file, progress.report).catch(refused),
      );
      print(`restored ${describeRows(rows)} from ${invocation.file} (backup of ${header.created_at})`);
      return;
    }
  }
}

function describeRows(rows: Record<string, number>): string {
  const total = Object.values(rows).reduce((sum, count) => sum + count, 0);
  return `${total} rows of ${Object.keys(rows).length} tables`;
}

/** The exit status: 0 done, 1 failed, 2 usage error. */
async function main(argv: string[]): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`tubevault: ${error.message}\n\n`);
    (error.message ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return 2;
  }

  loadDotenv({ quiet: true });
  let config: AppConfig;
  try {
    // Quiet unless asked otherwise: command output is the point, not start-up lines.
    config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' }, CONFIG_CHECKS);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.problems) process.stderr.write(`tubevault: ${line}\n`);
    return 1;
  }
  const showProgress = showsProgress(process.env.CLI_PROGRESS, process.stderr.isTTY === true);
  if (showProgress === null) {
    const modes = `${PROGRESS_MODES.slice(0, -1).join(', ')} or ${PROGRESS_MODES.at(-1)}`;
    process.stderr.write(
      `tubevault: CLI_PROGRESS must be ${modes} (got ${JSON.stringify(process.env.CLI_PROGRESS)}); auto shows progress when stderr is a terminal\n`,
    );
    return 1;
  }
  // Logs go to stderr: stdout carries only the command's output, for scripts to read.
  const log = pino({ level: config.LOG_LEVEL, base: { service: 'tubevault-cli' } }, pino.destination(2));
  const progress = progressReporter(showProgress, (text) => process.stderr.write(text));

  try {
    await run(invocation, config, log, progress);
    return 0;
  } catch (error) {
    // The failure on a line of its own, not after a half-drawn progress line.
    progress.finish();
    process.stderr.write(`tubevault: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

// Exit explicitly: a connection left half-open by a failure must not keep the process alive.
main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`tubevault: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
