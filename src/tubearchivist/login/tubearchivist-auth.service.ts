import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { attemptedUserTarget, AuditService, userTarget } from '../../platform/audit/audit.service.js';
import { ApiError } from '../../platform/http/api-error.js';
import { SessionsService } from '../../identity/sessions/sessions.service.js';
import { UsersService } from '../../identity/users/users.service.js';
import type { JwtClaims } from '../../identity/auth/jwt.strategy.js';
import { KeysService } from '../../identity/auth/keys.service.js';
import { LoginThrottleService, throttledMessage } from '../../identity/auth/login-throttle.service.js';

/** The TubeArchivist API level tubevault follows; the Plex agent parses it (tubearchivist.md §3.6). */
export const TUBEARCHIVIST_API_VERSION = 'v0.4.13';

const FIELD_MESSAGES = { missing: 'This field is required.', blank: 'This field may not be blank.', type: 'Not a valid string.' };

/** DRF-style field validation of the login body: `{"username": ["This field is required."], …}`. */
function loginFields(body: unknown): { username: string; password: string } {
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const errors: Record<string, string[]> = {};
  for (const name of ['username', 'password'] as const) {
    const value = fields[name];
    if (value === undefined || value === null) errors[name] = [FIELD_MESSAGES.missing];
    else if (typeof value !== 'string') errors[name] = [FIELD_MESSAGES.type];
    else if ((name === 'username' ? value.trim() : value) === '') errors[name] = [FIELD_MESSAGES.blank];
  }
  if (Object.keys(errors).length) throw new ApiError(400, errors);
  return { username: (fields.username as string).trim(), password: fields.password as string };
}

@Injectable()
export class TubeArchivistAuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly keys: KeysService,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
  ) {}

  /**
   * POST /api/login/: a JWT bound to the user's single `ta` session. It carries no `iat` or `exp`,
   * so the same session always yields the same string, as TubeArchivist's stored token does.
   */
  async login(body: unknown, ip: string): Promise<{ token: string; user_id: number }> {
    const { username, password } = loginFields(body);
    const wait = await this.throttle.attempt(ip, username);
    if (wait > 0) throw new ApiError(429, { detail: throttledMessage(wait) }, { 'retry-after': String(wait) });
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      await this.audit.record('login.failure', { target: attemptedUserTarget(username), details: { via: 'ta-api', reason: 'wrong-credentials' } });
      throw new ApiError(400, { non_field_errors: ['Unable to log in with provided credentials.'] });
    }
    await this.throttle.recordSuccess(ip, username);
    await this.audit.record('login.success', { actorUserId: user.id, target: userTarget(user.id), details: { via: 'ta-api' } });
    const sid = await this.sessions.taSessionOf(user.id);
    const claims: JwtClaims = { sub: String(user.id), sid };
    const token = jwt.sign(claims, this.keys.jwtKey, { algorithm: 'HS256', noTimestamp: true });
    return { token, user_id: user.id };
  }
}
