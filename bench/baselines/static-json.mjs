// Baseline 1: a bare NestJS + Fastify app answering the same static JSON as tubevault's ping
// (`{"response":"pong","user":1,"version":"v0.4.13"}`), with none of tubevault's guards, hooks or logging.
// Plain JS: decorators are applied as the calls the TypeScript compiler would emit (Reflect.decorate).
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const PONG = { response: 'pong', user: 1, version: 'v0.4.13' };

class PingController {
  ping() {
    return PONG;
  }

  health() {
    return { status: 'ok' };
  }
}
const method = (cls, name) => Object.getOwnPropertyDescriptor(cls.prototype, name);
Reflect.decorate([Get('api/ping')], PingController.prototype, 'ping', method(PingController, 'ping'));
Reflect.decorate([Get('health')], PingController.prototype, 'health', method(PingController, 'health'));
Reflect.decorate([Controller()], PingController);

class BaselineModule {}
Reflect.decorate([Module({ controllers: [PingController] })], BaselineModule);

const app = await NestFactory.create(BaselineModule, new FastifyAdapter({ routerOptions: { ignoreTrailingSlash: true } }), { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
