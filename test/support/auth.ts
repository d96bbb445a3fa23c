import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const ADMIN = { username: 'admin', password: 'correct horse battery' };
export const ADMIN_ENV = { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };

/** Logs in through the TubeArchivist endpoint and returns the JWT (full access). */
export async function loginToken(app: NestFastifyApplication, username = ADMIN.username, password = ADMIN.password): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/login/', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

/** Mints an Invidious token (JSON text) with the given scopes through the tokens API. */
export async function mintToken(app: NestFastifyApplication, bearer: string, scopes: string[], expire?: number): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens/register',
    headers: { authorization: `Bearer ${bearer}` },
    payload: { scopes, ...(expire !== undefined ? { expire } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`mint failed: ${res.statusCode} ${res.body}`);
  return res.body;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
