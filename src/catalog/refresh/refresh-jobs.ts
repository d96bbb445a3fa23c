import type { JobOptions } from 'bull';

/** What the refresh queue refreshes; also the Bull job names of item jobs. */
export const REFRESH_KINDS = ['video', 'channel', 'playlist'] as const;
export type RefreshKind = (typeof REFRESH_KINDS)[number];

export interface RefreshItem {
  kind: RefreshKind;
  id: string;
  /** Channels and playlists: refresh every video too (a channel's older pages included). */
  extractVideos: boolean;
}

export interface RefreshJobData {
  id: string;
  extractVideos: boolean;
  /** Asked for again while the job was running (it may have fetched before): it runs once more. */
  requestedAgain?: boolean;
}

/** docs/dialects/tubearchivist.md#refresh: the 503 detail, also the failure reason of a job left without an upstream. */
export const NO_UPSTREAM = 'no upstream configured: set UPSTREAM_URL or UPSTREAM=youtube-rss';

/** One job per item: Bull refuses a second job with the same id while the first exists. */
export const jobIdOf = (kind: RefreshKind, id: string) => `${kind}:${id}`;

/** The repeatable job that queues a refresh of every subscribed channel. */
export const SUBSCRIBED_CHANNELS_JOB = 'subscribed-channels';

/** The item job ids of a list of job ids (the repeatable job's are `repeat:…`). */
export const ITEM_JOB_ID = /^(video|channel|playlist):/;

/** Item jobs: a failure is retried twice, 10 s then 20 s later (failed jobs are kept, bounded, by QueueModule's defaults). */
export const ITEM_JOB_OPTIONS: JobOptions = { attempts: 3, backoff: { type: 'exponential', delay: 10_000 } };

/** Bull states in which a job counts as queued for `GET /api/refresh/` and for de-duplication. */
export const QUEUED_STATES: ReadonlySet<string> = new Set(['waiting', 'paused', 'delayed', 'active']);

export interface RefreshResult {
  /** `missing`: the upstream answered 404 and the stored item (if any) is flagged. */
  status: 'refreshed' | 'missing';
  videos: number;
  newVideos: number;
}
