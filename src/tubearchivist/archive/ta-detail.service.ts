import { Injectable } from '@nestjs/common';
import { isChannelId, isVideoId } from '../../catalog/media/ids.js';
import type { DomainErrorKind } from '../../platform/errors/domain-errors.js';
import { ChannelResolver } from './channel-resolver.service.js';
import { TaShapedError } from './ta-errors.js';
import { TaCatalogReader } from './ta-catalog-reader.service.js';
import { scored, TA_INDEX, taDetailConfig, type Scored, type TaChannel, type TaVideo } from './ta-objects.js';
import { parseYoutubeReference, shown } from './youtube-reference.js';

export interface TaDetail<T> {
  data: T;
  config: ReturnType<typeof taDetailConfig>;
}

/** A missing item is a 404 that still has TA's envelope, because the extension tests `data`. */
const notInCatalog = () => new TaShapedError('not-found', { data: false, config: taDetailConfig() }, 'not in the catalog');
const channelSearchError = (kind: DomainErrorKind, message: string) => new TaShapedError(kind, { message, data: false }, message);

/** `GET /api/video/<id>/`, `GET /api/channel/<id>/` and `GET /api/channel/search/` (docs/dialects/tubearchivist.md#detail-routes, #channel-search). */
@Injectable()
export class TaDetailService {
  constructor(
    private readonly reader: TaCatalogReader,
    private readonly resolver: ChannelResolver,
  ) {}

  async video(id: string, userId: number): Promise<TaDetail<Scored<TaVideo, 'ta_video'>>> {
    const video = isVideoId(id) ? (await this.reader.videos([id], userId)).get(id) : undefined;
    if (!video) throw notInCatalog();
    return { data: scored(video, TA_INDEX.video, 0), config: taDetailConfig() };
  }

  async channel(id: string, userId: number): Promise<TaDetail<Scored<TaChannel, 'ta_channel'>>> {
    const channel = isChannelId(id) ? (await this.reader.channels([id], userId)).get(id) : undefined;
    if (!channel) throw notInCatalog();
    return { data: scored(channel, TA_INDEX.channel, 0), config: taDetailConfig() };
  }

  /**
   * `text`: the `q` the query DTO accepted, a channel id, `@handle` or channel URL; answers as
   * `channel()` for the channel it names.
   */
  async searchChannel(text: string, userId: number): Promise<TaDetail<Scored<TaChannel, 'ta_channel'>>> {
    const ref = parseYoutubeReference(text);
    const notFound = () => channelSearchError('not-found', `channel not found: ${shown(text)}`);
    switch (ref.kind) {
      case 'channel':
        return this.channel(ref.id, userId);
      case 'channel-name': {
        const ucid = await this.resolver.resolve(ref.url);
        if (!ucid) throw notFound();
        return this.channel(ucid, userId);
      }
      case 'video':
      case 'playlist':
        throw channelSearchError('invalid-input', 'expected type channel');
      default:
        throw notFound();
    }
  }
}
