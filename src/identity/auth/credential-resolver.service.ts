import { Injectable } from '@nestjs/common';
import { Passport } from 'passport';
import { SessionsService } from '../sessions/sessions.service.js';
import type { CachedSession } from '../sessions/session-cache.js';
import { CredentialError, readCredential } from './credentials.js';
import { InvalidTokenError, parseInvidiousToken, verifySignature, type InvidiousToken } from './invidious-token.js';
import { JWT_STRATEGY, JwtStrategy, type JwtCarrier, type JwtClaims } from './jwt.strategy.js';
import { KeysService } from './keys.service.js';
import type { Principal } from '../../platform/access/principal.js';
import { VerifiedCredentialCache } from './verified-cache.js';

/** Distinct verified credentials remembered per process (a few hundred bytes each). */
const VERIFIED_CACHE_ENTRIES = 20_000;

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/**
 * One resolver for every credential form of both dialects, in the order of docs/dialects/invidious.md#order-of-credential-checks:
 * parse → signature → expiry → live session of the right kind. Throws CredentialError.
 */
@Injectable()
export class CredentialResolver {
  /**
   * This app's own authenticator: passport's default instance is process-wide, so two apps in one
   * process (tests) would otherwise verify with whichever registered its strategy last.
   */
  private readonly passport = new Passport();
  /** Signature-checked credentials by their text; expiry and the session are checked per request all the same. */
  private readonly verifiedTokens = new VerifiedCredentialCache<InvidiousToken>(VERIFIED_CACHE_ENTRIES);
  private readonly verifiedJwts = new VerifiedCredentialCache<JwtClaims>(VERIFIED_CACHE_ENTRIES);

  constructor(
    private readonly keys: KeysService,
    private readonly sessions: SessionsService,
    jwtStrategy: JwtStrategy,
  ) {
    this.passport.use(JWT_STRATEGY, jwtStrategy);
  }

  async resolve(headers: Record<string, string | string[] | undefined>): Promise<Principal> {
    const credential = readCredential(headers);
    switch (credential.type) {
      case 'json-token':
        return this.fromInvidiousToken(credential.text);
      case 'jwt':
        return this.fromJwt(credential.text);
      case 'sid':
        return this.fromSid(credential.sessionId);
    }
  }

  private async fromInvidiousToken(text: string): Promise<Principal> {
    let token = this.verifiedTokens.get(text);
    if (!token) {
      try {
        token = parseInvidiousToken(text);
      } catch (error) {
        if (error instanceof InvalidTokenError) throw new CredentialError('malformed', error.detail);
        throw error;
      }
      if (!verifySignature(this.keys.invidiousTokenKey, token)) throw new CredentialError('signature');
      this.verifiedTokens.set(text, token);
    }
    if (token.expire !== undefined && token.expire * 1000 < Date.now()) throw new CredentialError('expired');
    const session = await this.liveSession(token.session, ['token']);
    return this.principal(session, token.scopes, token.expire !== undefined ? token.expire * 1000 : null, 'invidious-token');
  }

  private async fromJwt(text: string): Promise<Principal> {
    let claims = this.verifiedJwts.get(text);
    if (!claims) {
      claims = await this.verifyJwt(text);
      if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string') throw new CredentialError('malformed', 'missing claims');
      if (claims.scopes !== undefined && !isStringArray(claims.scopes)) throw new CredentialError('malformed', 'scopes must be strings');
      this.verifiedJwts.set(text, claims);
    } else if (claims.exp !== undefined && Date.now() / 1000 >= claims.exp) {
      // What passport-jwt (jsonwebtoken) decides on a fresh verification: expired at `exp`.
      throw new CredentialError('expired');
    }
    const session = await this.liveSession(claims.sid, ['token', 'ta']);
    if (String(session.userId) !== claims.sub) throw new CredentialError('session');
    const expiresAt = claims.exp !== undefined ? claims.exp * 1000 : session.expiresAt;
    return this.principal(session, claims.scopes ?? session.scopes, expiresAt, 'jwt');
  }

  private async fromSid(sessionId: string): Promise<Principal> {
    const session = await this.sessions.findLive(sessionId);
    if (!session) throw new CredentialError('session');
    if (session.kind !== 'browser') throw new CredentialError('sid-not-browser');
    return this.principal(session, session.scopes, session.expiresAt, 'sid');
  }

  /** passport-jwt does the verification (HS256 only, signature, `exp`). */
  private verifyJwt(text: string): Promise<JwtClaims> {
    const carrier: JwtCarrier = { tubevaultJwt: text };
    return new Promise((resolve, reject) => {
      this.passport.authenticate(JWT_STRATEGY, { session: false }, (error: unknown, claims: JwtClaims | false, info: unknown) => {
        if (error) return reject(error);
        if (claims) return resolve(claims);
        const name = (info as { name?: string; message?: string } | undefined)?.name;
        const message = (info as { message?: string } | undefined)?.message ?? '';
        if (name === 'TokenExpiredError') return reject(new CredentialError('expired'));
        if (message === 'invalid signature') return reject(new CredentialError('signature'));
        return reject(new CredentialError('malformed'));
      })(carrier, {}, () => undefined);
    });
  }

  private async liveSession(id: string, kinds: readonly CachedSession['kind'][]): Promise<CachedSession> {
    const session = await this.sessions.findLive(id);
    if (!session || !kinds.includes(session.kind)) throw new CredentialError('session');
    return session;
  }

  private principal(session: CachedSession, scopes: string[], expiresAt: number | null, via: Principal['via']): Principal {
    return {
      userId: session.userId,
      username: session.username,
      isAdmin: session.isAdmin,
      sessionId: session.id,
      sessionKind: session.kind,
      scopes,
      expiresAt,
      via,
    };
  }
}
