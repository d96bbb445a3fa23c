import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isHeadRequest } from '../../platform/http/head-request.js';
import { RedisService } from '../../platform/redis/redis.module.js';

/** docs/dialects/invidious.md#authorize-token-page: a form token lives 6 hours. */
const CSRF_TOKEN_TTL_SECONDS = 6 * 60 * 60;
/** base64url of 32 bytes, unpadded: anything else cannot be one of ours, so Redis is not asked. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/**
 * CSRF tokens of the HTML forms (`/authorize_token`, `/signout`): random, bound to the browser
 * session that was shown the form, and single-use for life (unlike Invidious's replayable nonces,
 * docs/dialects/invidious.md#invidious-behaviours-not-copied). Kept in Redis so every instance accepts a token any instance issued.
 */
@Injectable()
export class CsrfService {
  constructor(private readonly redis: RedisService) {}

  async issue(sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    // The page of a HEAD request is never shown, so no form can post its token back: none is kept.
    if (!isHeadRequest()) await this.redis.commands.set(this.keyOf(token), sessionId, 'EX', CSRF_TOKEN_TTL_SECONDS);
    return token;
  }

  /**
   * True when `token` was issued to `sessionId` less than 6 hours ago and never presented before.
   * GETDEL makes the check and the use one atomic step, so two concurrent posts cannot both pass;
   * a token presented with the wrong session is used up too.
   */
  async consume(token: string | undefined, sessionId: string): Promise<boolean> {
    if (token === undefined || !TOKEN_FORMAT.test(token)) return false;
    const boundSessionId = await this.redis.commands.getdel(this.keyOf(token));
    return boundSessionId === sessionId;
  }

  private keyOf(token: string): string {
    return this.redis.key('csrf', token);
  }
}
