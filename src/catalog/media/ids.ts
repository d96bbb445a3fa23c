/** Identifier formats shared by both dialects (docs/dialects/tubearchivist.md#identifier-formats). */
export const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
export const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
/** Upstream (YouTube) playlists; `LL`/`WL` are private lists and `RD` mixes are not playlists we store. */
export const UPSTREAM_PLAYLIST_ID = /^(PL|UU|OL|FL|UL)[A-Za-z0-9_-]{10,62}$/;

export const isVideoId = (value: unknown): value is string => typeof value === 'string' && VIDEO_ID.test(value);
export const isChannelId = (value: unknown): value is string => typeof value === 'string' && CHANNEL_ID.test(value);
export const isUpstreamPlaylistId = (value: unknown): value is string => typeof value === 'string' && UPSTREAM_PLAYLIST_ID.test(value);
