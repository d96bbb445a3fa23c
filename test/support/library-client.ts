import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import { createUser } from './users.js';

type Method = 'GET' | 'POST' | 'DELETE' | 'HEAD';

export interface RequestOptions {
  /** Sent as JSON. */
  json?: unknown;
  headers?: Record<string, string>;
  payload?: string;
}

/**
 * A user of the Invidious library routes. Every answer is checked against the OpenAPI document
 * (status listed, body matching the DTOs, 204s empty) by TestWorld's `app.inject`.
 */
export class LibraryClient {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly userId: number,
    readonly authorization: string,
  ) {}

  /** A fresh user with a full-access JWT. */
  static async newUser(app: NestFastifyApplication): Promise<LibraryClient> {
    const user = await createUser(app);
    return new LibraryClient(app, user.id, user.authorization);
  }

  /** The same user with another credential (e.g. a narrower token). */
  as(authorization: string): LibraryClient {
    return new LibraryClient(this.app, this.userId, authorization);
  }

  async request(method: Method, url: string, options: RequestOptions = {}) {
    const inject: InjectOptions = { method, url, headers: { authorization: this.authorization, ...options.headers } };
    if (options.json !== undefined) {
      inject.headers = { ...inject.headers, 'content-type': 'application/json' };
      inject.payload = JSON.stringify(options.json);
    } else if (options.payload !== undefined) inject.payload = options.payload;
    return this.app.inject(inject);
  }

  /** A 2xx JSON answer's body. */
  async getJson<T = unknown>(url: string): Promise<T> {
    const res = await this.request('GET', url);
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  }

  /** A write that must answer 204 with an empty body. */
  async noContent(method: Method, url: string, options?: RequestOptions): Promise<void> {
    const res = await this.request(method, url, options);
    if (res.statusCode !== 204 || res.body !== '') throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  }

  setPreferences(values: Record<string, unknown>): Promise<void> {
    return this.noContent('POST', '/api/v1/auth/preferences', { json: values });
  }
}
