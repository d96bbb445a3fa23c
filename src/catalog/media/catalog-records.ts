/**
 * What can be written to the catalog: a source (the upstream, a later import) fills what it knows
 * and leaves the rest null. Upserts never overwrite a stored value with null, so a field a source
 * stops sending keeps its last known value.
 */

/** A video thumbnail as the upstream names it (`maxres`, `high`, …); URLs are absolute. */
export interface Thumbnail {
  quality: string;
  url: string;
  width: number;
  height: number;
}

/** A channel avatar or banner; URLs are absolute. */
export interface Image {
  url: string;
  width: number;
  height: number;
}

export interface ChannelRecord {
  id: string;
  name: string | null;
  description: string | null;
  thumbnails: Image[] | null;
  banners: Image[] | null;
  subscriberCount: number | null;
  totalViews: number | null;
  joined: Date | null;
}

/** A channel known only by its id and perhaps its name: every other field unknown (null), for a later refresh to fill in. */
export function bareChannel(id: string, name: string | null): ChannelRecord {
  return { id, name, description: null, thumbnails: null, banners: null, subscriberCount: null, totalViews: null, joined: null };
}

export interface VideoRecord {
  id: string;
  channelId: string;
  /** The channel's name as the source shows it beside the video; kept on the channel row. */
  channelName: string | null;
  /** Channel avatars, when the source sends them with the video. */
  channelThumbnails: Image[] | null;
  title: string | null;
  description: string | null;
  published: Date | null;
  /**
   * True when `published` was derived from a relative text ("3 days ago", as on Invidious channel
   * pages): it then only fills an unknown date and never replaces a stored exact one.
   */
  publishedIsApproximate: boolean;
  lengthSeconds: number | null;
  viewCount: number | null;
  likeCount: number | null;
  thumbnails: Thumbnail[] | null;
  genre: string | null;
  liveNow: boolean | null;
  isUpcoming: boolean | null;
  premiereAt: Date | null;
}

export interface PlaylistRecord {
  id: string;
  title: string | null;
  author: string | null;
  channelId: string | null;
  description: string | null;
  thumbnailUrl: string | null;
  /** The members in playlist order (the same video may appear more than once). */
  videos: VideoRecord[];
}
