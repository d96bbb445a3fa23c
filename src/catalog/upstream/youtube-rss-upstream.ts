import { bareChannel, type ChannelRecord, type PlaylistRecord, type VideoRecord } from '../media/catalog-records.js';
import { MalformedBody } from './json-fields.js';
import { HttpUpstream } from './upstream-http.js';
import { found, notFound, UpstreamMalformedError, UpstreamUnsupportedError, type Lookup, type UpstreamSource, type VideoPage } from './upstream.js';
import { parseChannelFeed, type ChannelFeed } from './youtube-feed.js';

const NEEDS_INVIDIOUS = 'configure an Invidious instance (UPSTREAM_URL, UPSTREAM=invidious) for it';

/**
 * YouTube's public channel feeds under YOUTUBE_URL (`UPSTREAM=youtube-rss`, the default without UPSTREAM_URL): each channel's 15
 * newest uploads with title, description, date, views and a thumbnail; enough to keep
 * subscriptions, feed and notifications current without an Invidious instance. No single-video or
 * playlist lookups, no older uploads.
 */
export class YoutubeRssUpstream extends HttpUpstream implements UpstreamSource {
  readonly kind = 'youtube-rss';
  readonly listingsAreComplete = true;

  async getVideo(id: string): Promise<Lookup<VideoRecord>> {
    throw new UpstreamUnsupportedError(`the youtube-rss upstream cannot look up single videos (${id}); ${NEEDS_INVIDIOUS}`);
  }

  async getPlaylist(id: string): Promise<Lookup<PlaylistRecord>> {
    throw new UpstreamUnsupportedError(`the youtube-rss upstream cannot read playlists (${id}); ${NEEDS_INVIDIOUS}`);
  }

  async getChannel(ucid: string): Promise<Lookup<ChannelRecord>> {
    const feed = await this.feed(ucid);
    if (!feed.found) return notFound;
    return found(bareChannel(ucid, feed.value.channelName));
  }

  /** One page whatever `all` asks: the feed holds only the newest uploads. */
  async *listChannelVideos(ucid: string): AsyncIterable<VideoPage> {
    const feed = await this.feed(ucid);
    if (feed.found) yield { videos: feed.value.videos };
  }

  private async feed(ucid: string): Promise<Lookup<ChannelFeed>> {
    const path = `/feeds/videos.xml?channel_id=${ucid}`;
    const text = await this.http.getText(path, 'application/atom+xml, application/xml;q=0.9, */*;q=0.1');
    if (!text.found) return notFound;
    try {
      return found(parseChannelFeed(text.value, ucid, this.http.baseUrl));
    } catch (error) {
      if (error instanceof MalformedBody) throw new UpstreamMalformedError(`malformed upstream response to GET ${this.http.url(path)}: ${error.message}`);
      throw error;
    }
  }
}
