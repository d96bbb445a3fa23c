import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ConflictError, InvalidInputError } from '../../platform/errors/domain-errors.js';
import { AuditService, tokenTarget, userTarget } from '../../platform/audit/audit.service.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { SessionsRepository } from '../sessions/sessions.repository.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { UserEntity } from './user.entity.js';
import { describeCharacter, firstRefusedCharacter, usernameKey } from './username.js';
import { UsersRepository } from './users.repository.js';

export const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]{1,64}$/u;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;

export class UsernameTakenError extends ConflictError {
  constructor(username: string) {
    super(`A user named "${username}" already exists (names are compared case-insensitively)`);
  }
}

export class InvalidUserInputError extends InvalidInputError {}

/** Refused so that someone can always administer the instance; create another admin first. */
export class LastAdminError extends ConflictError {
  constructor(username: string) {
    super(`"${username}" is the only admin; create another admin before deleting this one`);
  }
}

/** The rule for a new username (docs/security.md#9-username-variants); existing names keep logging in. */
export function checkUsername(username: string): void {
  if (!USERNAME_PATTERN.test(username)) {
    throw new InvalidUserInputError('username must be 1-64 letters, digits or _ . @ + -');
  }
  const refused = firstRefusedCharacter(username);
  if (refused !== null) {
    throw new InvalidUserInputError(
      `username may only use the Latin letters a-z and A-Z, digits and _ . @ + - (letters of other scripts and look-alike forms are refused); ${describeCharacter(refused)} is not one of them`,
    );
  }
}

export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new InvalidUserInputError(`password must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`);
  }
}

const isUniqueViolation = (error: unknown) => error instanceof QueryFailedError && (error as { code?: string }).code === '23505';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly sessionRows: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Creates ADMIN_USERNAME as an admin on first start; several instances may race, the unique index decides. */
  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_USERNAME: username, ADMIN_PASSWORD: password } = this.config;
    if (!username || !password) return;
    if (await this.findByUsername(username)) return;
    try {
      await this.create(username, password, true);
      this.logger.log(`created admin user "${username}" from ADMIN_USERNAME`);
    } catch (error) {
      if (!(error instanceof UsernameTakenError)) throw error;
    }
  }

  async create(username: string, password: string, isAdmin: boolean): Promise<UserEntity> {
    checkUsername(username);
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    let user: UserEntity;
    try {
      user = await this.users.insert({ username, usernameKey: usernameKey(username), passwordHash, isAdmin });
    } catch (error) {
      if (isUniqueViolation(error)) throw new UsernameTakenError(username);
      throw error;
    }
    await this.audit.record('user.created', { target: userTarget(user.id), details: { username, is_admin: isAdmin } });
    return user;
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findById(id);
  }

  /** Any spelling with the same `usernameKey` finds the user (`ADMIN`, `admİn`, fullwidth `ａｄｍｉｎ`). */
  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findByUsernameKey(usernameKey(username));
  }

  list(): Promise<UserEntity[]> {
    return this.users.list();
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** The user when the password is right; null otherwise, in the same time whether or not the user exists. */
  async verifyCredentials(username: string, password: string): Promise<UserEntity | null> {
    const user = USERNAME_PATTERN.test(username) ? await this.findByUsername(username) : null;
    return (await verifyPassword(user?.passwordHash, password)) ? user : null;
  }

  /**
   * A new password ends every session of the user (a reset is often a response to a compromise),
   * in the same transaction as the hash change.
   */
  async setPassword(id: number, password: string): Promise<void> {
    checkPassword(password);
    const passwordHash = await hashPassword(password);
    const heard = await this.users.transaction(async (manager) => {
      await this.users.updatePasswordHash(manager, id, passwordHash);
      await this.sessionRows.deleteByUser(manager, id);
      // Announced before the commit: when Redis cannot take it, nothing changes (503).
      return this.sessions.announceUserRevoked(id);
    });
    await heard();
  }

  /**
   * Rotates the user's TubeArchivist token: the `ta` session behind it is revoked on every instance
   * (or nothing changes: UnavailableError), and the next `POST /api/login/` issues a new one.
   * Null when there is no such user; `revoked` is false when the user had no token to revoke.
   */
  async rotateTaToken(id: number): Promise<{ revoked: boolean } | null> {
    if (!(await this.users.findById(id))) return null;
    const revoked = await this.sessions.revokeTaSessionOf(id);
    if (revoked === null) return { revoked: false };
    await this.audit.record('token.revoked', { target: tokenTarget(revoked), details: { kind: 'ta', user: userTarget(id), rotated: true } });
    return { revoked: true };
  }

  /**
   * Deletes the user and, through ON DELETE CASCADE in one statement (so one transaction), every
   * row that belongs to them: sessions, playlists, preferences, subscriptions, watched state.
   * Then every instance drops the user's cached sessions.
   * With `keepAnAdmin`, deleting the only admin throws LastAdminError instead.
   */
  async delete(id: number, { keepAnAdmin = false }: { keepAnAdmin?: boolean } = {}): Promise<boolean> {
    const heard = await this.users.transaction(async (manager) => {
      if (keepAnAdmin) {
        // Locking every admin row serialises concurrent deletions: two admins deleting each other at once cannot both succeed.
        const admins = await this.users.lockAdmins(manager);
        const target = admins.find((admin) => admin.id === id);
        if (target && admins.length === 1) throw new LastAdminError(target.username);
      }
      // Announced before the commit: when Redis cannot take it, the user is kept (503).
      return (await this.users.delete(manager, id)) ? this.sessions.announceUserRevoked(id) : null;
    });
    if (!heard) return false;
    await heard();
    await this.audit.record('user.deleted', { target: userTarget(id) });
    return true;
  }
}
