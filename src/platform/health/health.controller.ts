import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiError } from '../http/api-error.js';
import { RedisService } from '../redis/redis.module.js';
import { Public } from '../access/public.decorator.js';

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

const CHECK_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('api/health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly redis: RedisService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process is up (no I/O)' })
  @ApiOkResponse({ type: LivenessDto })
  getLiveness(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness: Postgres and Redis answer', description: 'Answers 503 naming each dependency that is down; recovers by itself when it comes back.' })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: NotReadyDto, description: 'Postgres or Redis is down' })
  async getReadiness(): Promise<ReadinessDto> {
    const checks = [
      () => this.typeorm.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            await this.redis.probe.ping();
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ];
    try {
      await this.health.check(checks);
      return { status: 'ok', database: { status: 'up' }, redis: { status: 'up' } };
    } catch (error) {
      const details = ((error as { response?: { details?: Record<string, DependencyStatusDto> } }).response?.details ?? {}) as Record<string, DependencyStatusDto>;
      const down = Object.entries(details).filter(([, d]) => d.status !== 'up');
      const summary = down.map(([name, d]) => `${name} is down${d.message ? ` (${d.message})` : ''}`).join(', ');
      // Only the documented fields: terminus adds timings and other keys of its own.
      const status = (d: DependencyStatusDto | undefined): DependencyStatusDto =>
        d?.status === 'up' ? { status: 'up' } : { status: 'down', ...(d?.message ? { message: d.message } : {}) };
      throw new ApiError(503, { detail: `Not ready: ${summary || 'a dependency is down'}`, database: status(details.database), redis: status(details.redis) });
    }
  }
}
