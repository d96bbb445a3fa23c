import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsersService } from '../../src/identity/users/users.service.js';
import { bearer, loginToken } from './auth.js';

export interface UserOptions {
  /** `user1`, `user2`, … by default (each test file has its own database). */
  username?: string;
  /** `battery staple horse` by default. */
  password?: string;
  admin?: boolean;
}

/** A user row, without a session. */
export interface CreatedUser {
  id: number;
  username: string;
  password: string;
}

/** A user logged in through the TubeArchivist login: a full-access JWT, usable as `Bearer` or `Token`. */
export interface TestUser extends CreatedUser {
  jwt: string;
  /** `Bearer <jwt>`. */
  authorization: string;
  headers: { authorization: string };
}

let counter = 0;

/**
 * The tests' one way to get a user to act as: created through UsersService (as the CLI and the
 * users API do), then logged in unless `login: false` (e.g. when a test counts sessions or logs in
 * its own way). Tests of user management itself go through the API or the CLI they test.
 */
export async function createUser(app: NestFastifyApplication, options: UserOptions & { login: false }): Promise<CreatedUser>;
export async function createUser(app: NestFastifyApplication, options?: UserOptions & { login?: true }): Promise<TestUser>;
export async function createUser(app: NestFastifyApplication, options: UserOptions & { login?: boolean } = {}): Promise<CreatedUser | TestUser> {
  const username = options.username ?? `user${++counter}`;
  const password = options.password ?? 'battery staple horse';
  const { id } = await app.get(UsersService).create(username, password, options.admin ?? false);
  if (options.login === false) return { id, username, password };
  const jwt = await loginToken(app, username, password);
  return { id, username, password, jwt, authorization: `Bearer ${jwt}`, headers: bearer(jwt) };
}
