import { CallbackUrlError, parseCallbackUrl } from './callback-url.js';
import { TokenRequestError, validateLifetime, validateRequestedScopes } from './tokens.service.js';

export interface RegisterRequest {
  scopes: string[];
  expire?: number;
  callbackUrl?: URL;
}

/** Scopes from a form: `scopes[0]`, `scopes[1]`, … in body order (Invidious's form), or repeated `scopes`. */
export function scopesFromForm(body: Record<string, unknown>): unknown {
  const indexed = Object.keys(body).filter((key) => /^scopes\[\d+\]$/.test(key));
  if (indexed.length > 0) return indexed.map((key) => body[key]);
  const plain = body.scopes;
  if (typeof plain === 'string') return [plain];
  return plain;
}

const KNOWN_KEYS = new Set(['scopes', 'callbackUrl', 'expire']);

/**
 * The body of POST tokens/register: JSON `{"scopes","callbackUrl"?,"expire"?}` or the same as a
 * form. Throws TokenRequestError naming what is wrong.
 */
export function parseRegisterRequest(body: unknown, isForm: boolean): RegisterRequest {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new TokenRequestError('Send a JSON object {"scopes": ["GET:feed"], "expire": 3600, "callbackUrl": "…"}');
  }
  const fields = body as Record<string, unknown>;
  if (!isForm) {
    const unknown = Object.keys(fields).filter((key) => !KNOWN_KEYS.has(key));
    if (unknown.length) throw new TokenRequestError(`Unknown keys: ${unknown.join(', ')} (expected scopes, callbackUrl, expire)`);
  }
  const scopes = validateRequestedScopes(isForm ? scopesFromForm(fields) : fields.scopes);
  const expire = validateLifetime(fields.expire);
  const rawCallback = fields.callbackUrl;
  if (rawCallback !== undefined && rawCallback !== null && typeof rawCallback !== 'string') {
    throw new TokenRequestError('callbackUrl must be a string');
  }
  let callbackUrl: URL | undefined;
  if (rawCallback) {
    try {
      callbackUrl = parseCallbackUrl(rawCallback);
    } catch (error) {
      if (error instanceof CallbackUrlError) throw new TokenRequestError(error.message.replace('callback_url', 'callbackUrl'));
      throw error;
    }
  }
  return { scopes, expire, callbackUrl };
}
