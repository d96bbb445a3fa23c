import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { APP_INFO } from '../../platform/app-info.js';
import { Public } from '../../platform/access/public.decorator.js';

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
@ApiTags('instance')
@Controller('api/v1/stats')
@Public()
export class InstanceController {
  @Get()
  @ApiOperation({ operationId: 'getInstanceStats', summary: 'Software identification (Invidious form with statistics off)' })
  @ApiOkResponse({ type: InstanceStatsDto })
  getInstanceStats(): InstanceStatsDto {
    return { software: { name: 'invidious', version: APP_INFO.version, branch: 'tubevault' } };
  }
}
