// Baseline 2: a bare NestJS + Fastify + `pg` app doing one primary-key lookup per request: the row
// tubevault's preferences route reads (`preferences` by `user_id`), on a pool of the same size as
// tubevault's default (DATABASE_POOL_SIZE=10), with no authentication.
// Plain JS with manual DI: the pool is a value provider injected by token (Inject(...) applied by hand).
import 'reflect-metadata';
import { Controller, Get, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import pg from 'pg';

const PG_POOL = Symbol('PG_POOL');
const userId = Number(process.env.BENCH_USER_ID ?? 1);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });

class LookupController {
  constructor(pool) {
    this.pool = pool;
  }

  async preferences() {
    const { rows } = await this.pool.query('SELECT user_id, data FROM preferences WHERE user_id = $1', [userId]);
    return rows[0].data;
  }

  health() {
    return { status: 'ok' };
  }
}
const method = (cls, name) => Object.getOwnPropertyDescriptor(cls.prototype, name);
Reflect.decorate([Get('api/v1/auth/preferences')], LookupController.prototype, 'preferences', method(LookupController, 'preferences'));
Reflect.decorate([Get('health')], LookupController.prototype, 'health', method(LookupController, 'health'));
Reflect.decorate([Controller()], LookupController);
Inject(PG_POOL)(LookupController, undefined, 0);

class BaselineModule {}
Reflect.decorate([Module({ controllers: [LookupController], providers: [{ provide: PG_POOL, useValue: pool }] })], BaselineModule);

const app = await NestFactory.create(BaselineModule, new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }), { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
