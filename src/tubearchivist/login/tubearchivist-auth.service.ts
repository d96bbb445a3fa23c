import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { attemptedUserTarget, AuditService, userTarget } from '../../platform/audit/audit.service.js';
import { RateLimitedError } from '../../platform/errors/domain-errors.js';
import { SessionsService } from '../../identity/sessions/sessions.service.js';
import { UsersService } from '../../identity/users/users.service.js';
import type { JwtClaims } from '../../identity/auth/jwt.strategy.js';
import { KeysService } from '../../identity/auth/keys.service.js';
import { LoginThrottleService, throttledMessage } from '../../identity/auth/login-throttle.service.js';
import { TaShapedError } from '../archive/ta-errors.js';

/** The TubeArchivist API level tubevault follows; the Plex agent parses it (docs/dialects/tubearchivist.md#ping). */
export const TUBEARCHIVIST_API_VERSION = 'v0.4.13';

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
  /** `username`: trimmed. */
  async login(username: string, password: string, ip: string): Promise<{ token: string; user_id: number }> {
    const wait = await this.throttle.attempt(ip, username);
    if (wait > 0) throw new RateLimitedError(throttledMessage(wait), wait);
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      await this.audit.record('login.failure', { target: attemptedUserTarget(username), details: { via: 'ta-api', reason: 'wrong-credentials' } });
      throw new TaShapedError('invalid-input', { non_field_errors: ['Unable to log in with provided credentials.'] });
    }
    await this.throttle.recordSuccess(ip, username);
    await this.audit.record('login.success', { actorUserId: user.id, target: userTarget(user.id), details: { via: 'ta-api' } });
    const sid = await this.sessions.taSessionOf(user.id);
    const claims: JwtClaims = { sub: String(user.id), sid };
    const token = jwt.sign(claims, this.keys.jwtKey, { algorithm: 'HS256', noTimestamp: true });
    return { token, user_id: user.id };
  }
}
