import { Injectable } from '@nestjs/common';
import { toFeedVideo, type FeedVideo, type MappableVideo } from '../catalog/video-mapper.js';
import { PreferencesService } from '../preferences/preferences.service.js';
import { sortFeedPage, sortNotificationsOnly, splitNotified } from './feed-order.js';
import { FeedNotificationsRepository } from './feed-notifications.repository.js';
import { FeedRepository } from './feed.repository.js';
import type { PageQueryDto } from './page-query.dto.js';

export interface FeedResponse {
  notifications: FeedVideo[];
  videos: FeedVideo[];
}

const empty = (): FeedResponse => ({ notifications: [], videos: [] });

/**
 * `GET /api/v1/auth/feed` (docs/dialects/invidious.md#feed), Invidious's algorithm over the catalog.
 *
 * Reading marks read: entries returned in `notifications` leave the list once the response is
 * built. This follows the clearing of Invidious's HTML feed page (`/feed/subscriptions`); its API
 * feed clears nothing, which would leave API clients' notifications growing forever.
 *
 * The `notifications_only` and `latest_only` lists are not paged: page 1 holds all of them and
 * later pages are empty (Invidious answers every page with the same list, which makes scrolling
 * clients repeat it).
 */
@Injectable()
export class FeedService {
  constructor(
    private readonly feed: FeedRepository,
    private readonly preferences: PreferencesService,
    private readonly notifications: FeedNotificationsRepository,
  ) {}

  async getFeed(userId: number, paging: PageQueryDto): Promise<FeedResponse> {
    const preferences = await this.preferences.get(userId);
    const limit = paging.max_results ?? preferences.max_results;
    if (limit === 0) return empty();
    const now = new Date();
    const shown = (videos: MappableVideo[]) => videos.map((video) => toFeedVideo(video, now));

    if (preferences.notifications_only) {
      const notified = await this.notifications.notifiedVideos(userId);
      if (notified.length) {
        if (paging.page > 1) return empty();
        const list = sortNotificationsOnly(notified, preferences.sort);
        const response = { notifications: shown(list), videos: [] };
        await this.notifications.markRead(
          userId,
          list.map((video) => video.id),
        );
        return response;
      }
    }
    if (preferences.latest_only && paging.page > 1) return empty();

    const offset = (paging.page - 1) * limit;
    const rows = preferences.latest_only
      ? await this.feed.subscriptionFeed({ userId, unseenOnly: preferences.unseen_only, perChannel: 1, limit: null, offset: 0 })
      : await this.feed.timelinePage({ userId, unseenOnly: preferences.unseen_only, limit, offset });
    const page = sortFeedPage(rows, preferences.sort);
    const notified = await this.notifications.notifiedAmong(
      userId,
      page.map((video) => video.id),
    );
    const { notifications, videos } = splitNotified(page, notified);
    const response = { notifications: shown(notifications), videos: shown(videos) };
    await this.notifications.markRead(
      userId,
      notifications.map((video) => video.id),
    );
    return response;
  }
}
