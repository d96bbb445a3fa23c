import { CallbackUrlError, parseCallbackUrl } from '../tokens/callback-url.js';
import { TokenRequestError, validateLifetime, validateRequestedScopes } from '../tokens/tokens.service.js';

/** A validated `/authorize_token` request (docs/dialects/invidious.md#authorize-token-page): what the consent page shows and the post mints. */
export interface AuthorizeRequest {
  scopes: string[];
  /** As the client sent it, for the consent form to post back unchanged. */
  callbackText?: string;
  callback?: URL;
  /** Lifetime in seconds. */
  expire?: number;
}

/** A bad parameter; the page names `parameter` as the client spelled it (`callback_url` or `callbackUrl`). */
export class AuthorizeParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

interface ParameterNames {
  scopes: string;
  callback: string;
  expire: string;
}

const QUERY_NAMES: ParameterNames = { scopes: 'scopes', callback: 'callback_url', expire: 'expire' };
const FORM_NAMES: ParameterNames = { scopes: 'scopes', callback: 'callbackUrl', expire: 'expire' };

/** GET `/authorize_token?scopes=a,b&callback_url=…&expire=…`. Throws AuthorizeParameterError. */
export function authorizeRequestFromQuery(query: Record<string, unknown>): AuthorizeRequest {
  const scopes = query.scopes;
  if (Array.isArray(scopes)) throw new AuthorizeParameterError('scopes', 'scopes must be given once, as a comma-separated list');
  if (typeof scopes !== 'string' || scopes === '') {
    throw new AuthorizeParameterError('scopes', 'scopes is required: a comma-separated list such as :feed,:playlists*');
  }
  return validate(scopes.split(','), query.callback_url, query.expire, QUERY_NAMES);
}

/** POST `/authorize_token` form fields `scopes[N]`, `callbackUrl`, `expire`. Throws AuthorizeParameterError. */
export function authorizeRequestFromForm(form: { scopes: unknown; callbackUrl?: unknown; expire?: unknown }): AuthorizeRequest {
  return validate(form.scopes, form.callbackUrl, form.expire, FORM_NAMES);
}

function validate(rawScopes: unknown, rawCallback: unknown, rawExpire: unknown, names: ParameterNames): AuthorizeRequest {
  const scopes = asParameter(names.scopes, () => validateRequestedScopes(rawScopes));
  const expire = asParameter(names.expire, () => validateLifetime(rawExpire));
  if (rawCallback === undefined || rawCallback === '') return { scopes, expire };
  if (typeof rawCallback !== 'string') throw new AuthorizeParameterError(names.callback, `${names.callback} must be given once`);
  let callback: URL;
  try {
    callback = parseCallbackUrl(rawCallback);
  } catch (error) {
    if (error instanceof CallbackUrlError) throw new AuthorizeParameterError(names.callback, error.message.replace('callback_url', names.callback));
    throw error;
  }
  return { scopes, expire, callback, callbackText: rawCallback };
}

/** Runs a token-request validator, re-labelling its 400 with the parameter it is about. */
function asParameter<T>(parameter: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TokenRequestError) throw new AuthorizeParameterError(parameter, error.reason);
    throw error;
  }
}
