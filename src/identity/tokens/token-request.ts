import { CallbackUrlError, parseCallbackUrl } from './callback-url.js';
import { TokenRequestError, validateLifetime, validateRequestedScopes } from './tokens.service.js';

/**
 * The rules of POST tokens/register: JSON `{"scopes","callbackUrl"?,"expire"?}` or the same as a
 * form, checked in this order: the body, unknown keys (JSON only), scopes, expire, callbackUrl.
 */

export interface RegisterRequest {
  scopes: string[];
  expire?: number;
  callbackUrl?: URL;
}

export const REGISTER_KEYS = ['scopes', 'callbackUrl', 'expire'] as const;

export const REGISTER_MESSAGES = {
  notAnObject: 'Send a JSON object {"scopes": ["GET:feed"], "expire": 3600, "callbackUrl": "…"}',
  unknownKeys: (keys: string[]) => `Unknown keys: ${keys.join(', ')} (expected ${REGISTER_KEYS.join(', ')})`,
  callbackNotString: 'callbackUrl must be a string',
} as const;

/** Scopes from a form: `scopes[0]`, `scopes[1]`, … in body order (Invidious's form), or repeated `scopes`. */
export function scopesFromForm(body: Record<string, unknown>): unknown {
  const indexed = Object.keys(body).filter((key) => /^scopes\[\d+\]$/.test(key));
  if (indexed.length > 0) return indexed.map((key) => body[key]);
  const plain = body.scopes;
  if (typeof plain === 'string') return [plain];
  return plain;
}

/** A form's fields in the JSON body's shape (other form fields are ignored). */
export function registerFieldsOfForm(body: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const scopes = scopesFromForm(body);
  if (scopes !== undefined) fields.scopes = scopes;
  if (body.callbackUrl !== undefined) fields.callbackUrl = body.callbackUrl;
  if (body.expire !== undefined) fields.expire = body.expire;
  return fields;
}

/** A validator's 400 as a rule's message. */
function problemOf(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof TokenRequestError) return error.reason;
    throw error;
  }
}

export const scopesProblem = (scopes: unknown) => problemOf(() => validateRequestedScopes(scopes));
export const expireProblem = (expire: unknown) => problemOf(() => validateLifetime(expire));

export function callbackUrlProblem(callbackUrl: unknown): string | null {
  if (callbackUrl === undefined || callbackUrl === null) return null;
  if (typeof callbackUrl !== 'string') return REGISTER_MESSAGES.callbackNotString;
  if (!callbackUrl) return null;
  try {
    parseCallbackUrl(callbackUrl);
    return null;
  } catch (error) {
    if (error instanceof CallbackUrlError) return error.message.replace('callback_url', 'callbackUrl');
    throw error;
  }
}

/** The request of fields the rules accepted. */
export function registerRequestOf(fields: { scopes: unknown; expire?: unknown; callbackUrl?: unknown }): RegisterRequest {
  return {
    scopes: validateRequestedScopes(fields.scopes),
    expire: validateLifetime(fields.expire),
    callbackUrl: typeof fields.callbackUrl === 'string' && fields.callbackUrl ? parseCallbackUrl(fields.callbackUrl) : undefined,
  };
}
