/**
 * tubevault's TypeScript client: openapi-fetch over the types openapi-typescript generates from
 * openapi/openapi.json (`npm run sdk`). Paths, parameters, bodies and responses are checked at
 * compile time against the spec; at run time this is plain `fetch`.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** `Bearer` is how Invidious clients send credentials, `Token` how TubeArchivist clients do; tubevault accepts both on every route. */
export type TokenScheme = 'Bearer' | 'Token';

export interface TubevaultClientOptions {
  /** A JWT from `POST /api/login/`, or an Invidious token as its JSON text (e.g. `JSON.stringify` of what `tokens/register` answered). */
  token?: string;
  /** Default: `Bearer`. */
  tokenScheme?: TokenScheme;
}

export type TubevaultClient = Client<paths>;

/** Sends `Authorization: <scheme> <token>` on every request of the client it is added to. */
function authorizationMiddleware(authorization: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('authorization', authorization);
      return request;
    },
  };
}

/**
 * A client for the tubevault at `baseUrl` (e.g. `http://127.0.0.1:3000`). Without a token it can
 * call the public operations only (log in, health, public reads); credentials are per client, so
 * create another client to act with another token.
 */
export function createTubevaultClient(baseUrl: string, options: TubevaultClientOptions = {}): TubevaultClient {
  const client = createClient<paths>({ baseUrl });
  if (options.token !== undefined) client.use(authorizationMiddleware(`${options.tokenScheme ?? 'Bearer'} ${options.token}`));
  return client;
}
