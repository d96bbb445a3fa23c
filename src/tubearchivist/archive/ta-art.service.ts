import { Inject, Injectable } from '@nestjs/common';
import type { Image } from '../../catalog/media/catalog-records.js';
import { ChannelsRepository } from '../../catalog/media/channels.repository.js';
import { UpstreamPlaylistsRepository } from '../../catalog/media/upstream-playlists.repository.js';
import { VideosRepository } from '../../catalog/media/videos.repository.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.js';
import { NotFoundError } from '../../platform/errors/domain-errors.js';

const VIDEO_FILE = /^([A-Za-z0-9_-]{11})\.jpg$/;
const CHANNEL_FILE = /^(UC[A-Za-z0-9_-]{22})_(thumb|banner|tvart)\.jpg$/;
const PLAYLIST_FILE = /^((?:PL|UU|OL|FL|UL)[A-Za-z0-9_-]{10,62})\.jpg$/;

const notFound = () => new NotFoundError('Not found.');

/** The image with the most pixels (thumbnails and avatars come in several sizes). */
const largest = (images: Image[] | null): string | null =>
  images?.length ? images.reduce((best, image) => (image.width * image.height > best.width * best.height ? image : best)).url : null;

/**
 * The art paths of TA objects (docs/dialects/tubearchivist.md#art-paths): tubevault stores no images, so each path
 * names the catalog's image URL for a redirect. Unknown items, or items without an image, are 404.
 */
@Injectable()
export class TaArtService {
  constructor(
    private readonly videos: VideosRepository,
    private readonly channels: ChannelsRepository,
    private readonly playlists: UpstreamPlaylistsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async videoArt(file: string): Promise<string> {
    const id = VIDEO_FILE.exec(file)?.[1];
    if (!id) throw notFound();
    return this.absolute(largest(await this.videos.thumbnails(id)));
  }

  /** `_thumb` is the avatar; `_banner` and `_tvart` are both the banner. */
  async channelArt(file: string): Promise<string> {
    const [, id, kind] = CHANNEL_FILE.exec(file) ?? [];
    if (!id) throw notFound();
    const row = await this.channels.images(id);
    return this.absolute(largest((kind === 'thumb' ? row?.thumbnails : row?.banners) ?? null));
  }

  async playlistArt(file: string): Promise<string> {
    const id = PLAYLIST_FILE.exec(file)?.[1];
    if (!id) throw notFound();
    return this.absolute(await this.playlists.thumbnailUrl(id));
  }

  /** Relative URLs are the upstream's own paths; without UPSTREAM_URL they lead nowhere. */
  private absolute(url: string | null): string {
    if (!url) throw notFound();
    try {
      // Stored URLs are absolute since they are resolved when fetched; older relative ones belong to the first instance.
      const resolved = this.config.UPSTREAM_URL ? new URL(url, this.config.UPSTREAM_URL[0]) : new URL(url);
      if (resolved.protocol === 'http:' || resolved.protocol === 'https:') return resolved.href;
    } catch {
      // not a URL, and no base to resolve it against
    }
    throw notFound();
  }
}
