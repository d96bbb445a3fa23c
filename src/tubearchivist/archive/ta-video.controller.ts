import { Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { TaDetailNotFoundDto, TaVideoDetailDto } from './ta-objects.dto.js';
import { TaDetailService, type TaDetail } from './ta-detail.service.js';
import type { Scored, TaVideo } from './ta-objects.js';
import { TubeArchivistController } from '../../platform/http/controllers.js';

@TubeArchivistController('api/video')
export class TaVideoController {
  constructor(private readonly details: TaDetailService) {}

  @Get(':id')
  @ApiOperation({ operationId: 'getTaVideo', summary: "A catalog video as a TubeArchivist video object, in TA v0.4's `data` envelope" })
  @ApiParam({ name: 'id', example: 'dQw4w9WgXcQ', description: '11 characters of A-Z a-z 0-9 _ -' })
  @ApiOkResponse({ type: TaVideoDetailDto, description: "`player.watched` and `channel.channel_subscribed` are the caller's" })
  @ApiNotFoundResponse({ type: TaDetailNotFoundDto, description: 'Not in the catalog (any id that is not): `data` is false' })
  getTaVideo(@Param('id') id: string, @CurrentPrincipal() caller: Principal): Promise<TaDetail<Scored<TaVideo, 'ta_video'>>> {
    return this.details.video(id, caller.userId);
  }
}
