import { Module } from '@nestjs/common';
import { PreferencesModule } from '../preferences/preferences.module.js';
import { FeedController } from './feed.controller.js';
import { FeedNotificationsRepository } from './feed-notifications.repository.js';
import { FeedRepository } from './feed.repository.js';
import { FeedService } from './feed.service.js';
import { NewVideoNotifier } from './new-video-notifier.js';

/** The Invidious subscription feed and its notification list, filled from catalog events. */
@Module({
  imports: [PreferencesModule],
  controllers: [FeedController],
  providers: [FeedRepository, FeedService, FeedNotificationsRepository, NewVideoNotifier],
})
export class FeedModule {}
