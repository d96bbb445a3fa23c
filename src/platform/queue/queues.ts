/** Every Bull queue of tubevault. Processors run only in processes whose ROLE is `worker` or `all`. */
export const QUEUES = {
  /** Periodic housekeeping (expired sessions, …). */
  maintenance: 'maintenance',
  /** Catalog refreshes from the upstream: one job per video, channel or playlist (`kind:id`). */
  refresh: 'refresh',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
