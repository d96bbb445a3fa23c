/** Ranked search hits before they become TA objects (docs/dialects/tubearchivist.md#order-and-cap). Pure. */

export const MAX_RESULTS = 30;

export interface SearchHit {
  id: string;
  /** ts_rank rounded to 2 decimals; 0 without a term. */
  score: number;
}

export interface HitsByKind {
  video: SearchHit[];
  channel: SearchHit[];
  playlist: SearchHit[];
}

const KIND_ORDER = ['video', 'channel', 'playlist'] as const;

/**
 * `simple` queries: the best `limit` hits across the kinds, by score, ties going to videos, then
 * channels, then playlists. Each list arrives in its final order (score, then date or name, then
 * id) and keeps it, so what is cut from a kind is always its tail.
 */
export function mergeByScore(hits: HitsByKind, limit = MAX_RESULTS): HitsByKind {
  const taken: HitsByKind = { video: [], channel: [], playlist: [] };
  const next = { video: 0, channel: 0, playlist: 0 };
  for (let total = 0; total < limit; total++) {
    let best: (typeof KIND_ORDER)[number] | null = null;
    for (const kind of KIND_ORDER) {
      const candidate = hits[kind][next[kind]];
      if (candidate && (best === null || candidate.score > hits[best][next[best]].score)) best = kind;
    }
    if (best === null) break;
    taken[best].push(hits[best][next[best]++]);
  }
  return taken;
}
