import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '../../catalog/subscriptions/subscriptions.module.js';
import { SubscriptionsController } from './subscriptions.controller.js';

/** The Invidious subscription routes (`/api/v1/auth/subscriptions`) over the core SubscriptionsService. */
@Module({
  imports: [SubscriptionsModule],
  controllers: [SubscriptionsController],
})
export class InvidiousSubscriptionsModule {}
