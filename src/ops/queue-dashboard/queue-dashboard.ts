import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../../platform/audit/audit.service.js';
import { sidCookie } from '../../identity/auth/credentials.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { pathOf } from '../../platform/http/dialect.js';
import { QUEUES } from '../../platform/queue/queues.js';
import type { CachedSession } from '../../identity/sessions/session-cache.js';
import { SessionsService } from '../../identity/sessions/sessions.service.js';
import { queueDashboardRefusal } from './queue-dashboard-access.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues: every queue of tubevault with its jobs and repeatable schedules, and
 * the retry, clean, pause, … actions. The whole prefix (pages, static files, the board's JSON API
 * and its actions) sits behind one onRequest hook that admits only an admin's browser session (SID
 * cookie); each state-changing call is audited as an `admin.action`. Call before `app.init()`.
 */
export function installQueueDashboard(app: NestFastifyApplication): void {
  const sessions = app.get(SessionsService);
  const audit = app.get(AuditService);
  const config = app.get<AppConfig>(APP_CONFIG);
  const queues = Object.values(QUEUES).map((name) => new BullAdapter(app.get<Queue>(getQueueToken(name))));
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues, serverAdapter: board, options: { uiConfig: { boardTitle: 'tubevault queues' } } });

  const admitted = new WeakMap<FastifyRequest, CachedSession>();
  // Encapsulated: the hooks apply to the board's routes only.
  app
    .getHttpAdapter()
    .getInstance()
    .register(async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const sessionId = sidCookie(request.headers.cookie);
        const session = sessionId ? await sessions.findLive(sessionId) : null;
        const refusal = queueDashboardRefusal(session, request, config.PUBLIC_URL);
        if (!refusal) {
          admitted.set(request, session!);
          return;
        }
        const html = String(request.headers.accept ?? '').includes('text/html');
        return html
          ? reply.code(403).type('text/html; charset=utf-8').send(refusalPage(refusal))
          : reply.code(403).type('application/json; charset=utf-8').send({ detail: refusal });
      });
      // onSend: the action is done and its status known, and the event is stored before the answer goes out.
      scope.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        const session = admitted.get(request);
        if (session && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
          const outcome = reply.statusCode < 400 ? 'succeeded' : 'failed';
          const details = { operation: 'queueDashboard', method: request.method, path: pathOf(request.url), outcome, status: reply.statusCode };
          await audit.record('admin.action', { details }, { ip: request.ip, requestId: String(request.id), actorUserId: session.userId });
        }
        return payload;
      });
      await scope.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
    });
}

/** A signed-out browser is told where to sign in; the page links to /login and back. */
function refusalPage(reason: string): string {
  const login = `/login?referer=${encodeURIComponent(QUEUE_DASHBOARD_PATH)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forbidden - tubevault</title></head><body><h1>Forbidden</h1><p>${reason}</p><p><a href="${login}">Sign in</a></p></body></html>`;
}
