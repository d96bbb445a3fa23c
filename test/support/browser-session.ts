import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Logs in through the browser form (POST /login) and returns the `SID=…` cookie pair to send back. */
export async function browserLogin(app: NestFastifyApplication, username: string, password: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ username, password }).toString(),
  });
  if (res.statusCode !== 302) throw new Error(`browser login failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  return setCookie.slice(0, setCookie.indexOf(';'));
}
