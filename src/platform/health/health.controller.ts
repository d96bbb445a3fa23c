import { Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { ApiError } from '../http/api-error.js';
import { ReadinessService } from './readiness.js';
import { PublicController } from '../http/controllers.js';

class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';
}

class DependencyStatusDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status: 'up' | 'down';

  @ApiProperty({ required: false, example: 'Connection is closed.', description: 'Why the dependency is down' })
  message?: string;
}

class ReadinessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ type: DependencyStatusDto, example: { status: 'up' } })
  database: DependencyStatusDto;

  @ApiProperty({ type: DependencyStatusDto, example: { status: 'up' } })
  redis: DependencyStatusDto;
}

class NotReadyDto {
  @ApiProperty({ example: 'Not ready: redis is down (Connection is closed.)' })
  detail: string;

  @ApiProperty({ type: DependencyStatusDto })
  database: DependencyStatusDto;

  @ApiProperty({ type: DependencyStatusDto })
  redis: DependencyStatusDto;
}

@PublicController('health', 'api/health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process is up (no I/O)' })
  @ApiOkResponse({ type: LivenessDto })
  getLiveness(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: Postgres and Redis answer',
    description: 'Answers 503 naming each dependency that is down; recovers by itself when it comes back.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: NotReadyDto, description: 'Postgres or Redis is down' })
  async getReadiness(): Promise<ReadinessDto> {
    const { ready, database, redis } = await this.readiness.check();
    if (ready) return { status: 'ok', database, redis };
    const down = Object.entries({ database, redis }).filter(([, d]) => d.status !== 'up');
    const summary = down.map(([name, d]) => `${name} is down${d.message ? ` (${d.message})` : ''}`).join(', ');
    throw new ApiError(503, { detail: `Not ready: ${summary || 'a dependency is down'}`, database, redis });
  }
}
