import { Injectable } from '@nestjs/common';
import { AuditService, tokenTarget } from '../../platform/audit/audit.service.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../platform/errors/domain-errors.js';
import { KeysService } from '../auth/keys.service.js';
import { signToken, type InvidiousToken } from '../auth/invidious-token.js';
import type { Principal } from '../../platform/access/principal.js';
import { grants, isSubset, parseScope, ScopeParseError } from '../scopes/scope.js';
import { SessionsService } from '../sessions/sessions.service.js';

export const MAX_SCOPES_PER_TOKEN = 50;
export const MAX_TOKEN_LIFETIME_SECONDS = 2_147_483_647;

/** A malformed token request; `reason` names what is wrong (the consent page re-labels it with the parameter). */
export class TokenRequestError extends InvalidInputError {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface MintRequest {
  scopes: string[];
  /** Lifetime in seconds (docs/dialects/invidious.md#token-format: the input is a lifetime, not an absolute time). */
  expire?: number;
  /** `/authorize_token` with a callback: the callback's origin, recorded on the token for its owner to see. */
  callbackOrigin?: string;
}

export interface TokenListEntry {
  session: string;
  issued: number;
  scopes: string[];
  expire?: number;
  callbackOrigin?: string;
}

/** Validates a token request's scopes: 1–50 scopes of the strict minting form. Throws TokenRequestError. */
export function validateRequestedScopes(scopes: unknown): string[] {
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string')) {
    throw new TokenRequestError('scopes must be a non-empty array of scope strings such as "GET:feed" or ":playlists*"');
  }
  if (scopes.length > MAX_SCOPES_PER_TOKEN) throw new TokenRequestError(`Too many scopes: ${scopes.length} (at most ${MAX_SCOPES_PER_TOKEN})`);
  for (const scope of scopes) {
    try {
      parseScope(scope);
    } catch (error) {
      if (error instanceof ScopeParseError) throw new TokenRequestError(error.message);
      throw error;
    }
  }
  return scopes as string[];
}

export function validateLifetime(expire: unknown): number | undefined {
  if (expire === undefined || expire === null || expire === '') return undefined;
  const value = typeof expire === 'string' && /^\d+$/.test(expire) ? Number(expire) : expire;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new TokenRequestError(`expire must be a lifetime in seconds, an integer 1-${MAX_TOKEN_LIFETIME_SECONDS}`);
  }
  return value;
}

/** Invidious API tokens: minted as `token` sessions, never wider or longer-lived than their minter. */
@Injectable()
export class TokensService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly keys: KeysService,
    private readonly audit: AuditService,
  ) {}

  async mint(caller: Principal, request: MintRequest, now = Date.now()): Promise<InvidiousToken> {
    const subset = isSubset(request.scopes, caller.scopes);
    if (!subset.ok) throw new ForbiddenError(`Cannot grant scope "${subset.scope}": not covered by your token's scopes`);
    // Browser and TubeArchivist sessions have no expiry cap (docs/dialects/invidious.md#token-routes); tokens pass theirs on.
    const cap = caller.sessionKind === 'token' ? caller.expiresAt : null;
    let expiresAt = request.expire !== undefined ? now + request.expire * 1000 : cap;
    if (expiresAt !== null) expiresAt = Math.floor(expiresAt / 1000) * 1000;
    if (cap !== null && (expiresAt === null || expiresAt > cap)) {
      throw new ForbiddenError(`Requested expiry ${Math.floor((expiresAt ?? Infinity) / 1000)} is later than your token's expiry ${Math.floor(cap / 1000)}`);
    }
    const expiry = expiresAt === null ? null : new Date(expiresAt);
    // A token minted with a token is its child: it dies with it (docs/dialects/invidious.md#token-routes).
    const session =
      caller.sessionKind === 'token'
        ? await this.sessions.createChildToken(caller.sessionId, caller.userId, request.scopes, expiry)
        : await this.sessions.create(caller.userId, 'token', request.scopes, expiry, { callbackOrigin: request.callbackOrigin });
    await this.audit.record('token.minted', {
      actorUserId: caller.userId,
      target: tokenTarget(session.id),
      details: { scopes: request.scopes, expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString() },
    });
    return signToken(this.keys.invidiousTokenKey, {
      session: session.id,
      scopes: request.scopes,
      ...(expiresAt !== null ? { expire: expiresAt / 1000 } : {}),
    });
  }

  async list(caller: Principal): Promise<TokenListEntry[]> {
    const rows = await this.sessions.listTokens(caller.userId);
    return rows.map((row) => ({
      session: row.id,
      issued: Math.floor(row.issuedAt.getTime() / 1000),
      scopes: row.scopes,
      ...(row.expiresAt ? { expire: Math.floor(row.expiresAt.getTime() / 1000) } : {}),
      ...(row.callbackOrigin ? { callbackOrigin: row.callbackOrigin } : {}),
    }));
  }

  /** docs/dialects/invidious.md#token-routes unregister rules: own session always; another only with GET:tokens, and only the caller's tokens. */
  async unregister(caller: Principal, sessionId: string | undefined): Promise<void> {
    if (sessionId === undefined || sessionId === caller.sessionId) {
      await this.sessions.revoke(caller.sessionId);
      await this.audit.record('token.revoked', {
        actorUserId: caller.userId,
        target: tokenTarget(caller.sessionId),
        details: { kind: caller.sessionKind, current_session: true },
      });
      return;
    }
    if (!grants(caller.scopes, 'GET', 'tokens')) throw new TokenRequestError(`Cannot revoke session ${sessionId}`);
    const owner = await this.sessions.ownerOf(sessionId);
    if (!owner || owner.userId !== caller.userId || owner.kind !== 'token') throw new NotFoundError('Session does not exist.');
    await this.sessions.revoke(sessionId);
    await this.audit.record('token.revoked', {
      actorUserId: caller.userId,
      target: tokenTarget(sessionId),
      details: { kind: owner.kind, current_session: false },
    });
  }
}
