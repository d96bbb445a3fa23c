import { createHash } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service.js';
import { currentAuditContext, type AuditContext } from './audit-context.js';
import type { AuditEventEntity } from './audit-event.entity.js';
import { AuditEventsRepository } from './audit-events.repository.js';

export const AUDIT_EVENT_TYPES = [
  'login.success',
  'login.failure',
  'token.minted',
  'token.revoked',
  'user.created',
  'user.deleted',
  'cookie.imported',
  'cookie.import_refused',
  'cookie.revoked',
  /** A state-changing call of an admin-only route (users, refresh, download, cookie, queue dashboard). */
  'admin.action',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** What a call site knows about an event. Never a password, token, session id or cookie text. */
export interface AuditFacts {
  /** Defaults to the request's authenticated caller. */
  actorUserId?: number | null;
  target?: string | null;
  details?: Record<string, unknown>;
}

export const userTarget = (userId: number) => `user:${userId}`;

/** The name a login tried, bounded (a username is at most 64 characters; anything longer was not one). */
export const attemptedUserTarget = (username: string) => `username:${username.slice(0, 64)}`;

/**
 * A token named without revealing its session id (a browser session's id is its SID cookie): a
 * fingerprint that tells a token's events apart and cannot be turned back into the id.
 */
export const tokenTarget = (sessionId: string) => `token:${createHash('sha256').update(sessionId).digest('hex').slice(0, 16)}`;

export interface AuditPage {
  events: AuditEventEntity[];
  total: number;
}

/**
 * The audit log: each event is one JSON log line and one `audit_events` row, with the actor, IP
 * and request id of the request it happened in.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly events: AuditEventsRepository,
    // Absent in the CLI, which has no metrics.
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * Records an event after the action happened. A failed write is logged, not thrown: the action
   * is done and must not be reported as failed, and the log line carries the event anyway.
   */
  async record(type: AuditEventType, facts: AuditFacts = {}, context: AuditContext | undefined = currentAuditContext()): Promise<void> {
    const event = {
      type,
      actorUserId: facts.actorUserId ?? context?.actorUserId ?? null,
      target: facts.target ?? null,
      ip: context?.ip ?? null,
      requestId: context?.requestId ?? null,
      details: facts.details ?? {},
    };
    this.logger.log({ audit: event }, `audit: ${type}`);
    // A failed login is an authentication failure too; counted here so the login flows make one call.
    if (type === 'login.failure') this.metrics?.countAuthFailure(`login-${String(event.details.reason)}`);
    try {
      await this.events.insert(event);
    } catch (error) {
      this.logger.error(`could not store audit event ${type}: ${(error as Error).message}`);
    }
  }

  /** Newest first. */
  async list(page: number, pageSize: number): Promise<AuditPage> {
    const [events, total] = await this.events.page((page - 1) * pageSize, pageSize);
    return { events, total };
  }
}
