import { AsyncLocalStorage } from 'node:async_hooks';

/** Where an audited event comes from: the request being handled (none in the CLI or at start-up). */
export interface AuditContext {
  ip: string;
  requestId: string;
  /** The authenticated caller, when the route needs one. */
  actorUserId: number | null;
}

/**
 * The context of the request a handler runs for, so services deep in a call record their events
 * with IP, request id and actor without passing the request down. Only these values are kept,
 * never the request itself (a connection opened during a request keeps its context alive).
 */
export const auditContextStorage = new AsyncLocalStorage<AuditContext>();

export const currentAuditContext = (): AuditContext | undefined => auditContextStorage.getStore();
