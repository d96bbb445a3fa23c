import { Module } from '@nestjs/common';
import { UpstreamGatewayModule } from '../../catalog/upstream/upstream-gateway.module.js';
import { VideoPlayback } from './video-playback.service.js';

/** The playback fields of a video, for every Invidious answer that carries them. */
@Module({
  imports: [UpstreamGatewayModule],
  providers: [VideoPlayback],
  exports: [VideoPlayback],
})
export class PlaybackModule {}
