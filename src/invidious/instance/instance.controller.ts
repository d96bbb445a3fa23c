import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty } from '@nestjs/swagger';
import { APP_INFO } from '../../platform/app-info.js';
import { PublicController } from '../../platform/http/controllers.js';

class SoftwareDto {
  @ApiProperty({ enum: ['invidious'], example: 'invidious', description: 'Clipious only adds servers that call themselves "invidious"' })
  name: 'invidious';

  @ApiProperty({ example: '0.1.0', description: "tubevault's version" })
  version: string;

  @ApiProperty({ enum: ['tubevault'], example: 'tubevault' })
  branch: 'tubevault';
}

class InstanceStatsDto {
  @ApiProperty({ type: SoftwareDto })
  software: SoftwareDto;
}

/** docs/dialects/invidious.md#instance-stats: what clients read to recognise an Invidious-compatible server; no user counts. */
@PublicController('instance', 'api/v1/stats')
export class InstanceController {
  @Get()
  @ApiOperation({ operationId: 'getInstanceStats', summary: 'Software identification (Invidious form with statistics off)' })
  @ApiOkResponse({ type: InstanceStatsDto })
  getInstanceStats(): InstanceStatsDto {
    return { software: { name: 'invidious', version: APP_INFO.version, branch: 'tubevault' } };
  }
}
