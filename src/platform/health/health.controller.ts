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

class UpstreamInstanceDto {
  @ApiProperty({ example: 'https://invidious.example.org', description: 'The instance as configured in UPSTREAM_URL' })
  url: string;

  @ApiProperty({
    enum: ['closed', 'half-open', 'open'],
    example: 'closed',
    description: 'closed: in use; open: failing, left alone until `nextProbeAt`; half-open: its one probe request is due or under way',
  })
  state: 'closed' | 'half-open' | 'open';

  @ApiProperty({ type: Number, nullable: true, example: 182.4, description: 'Moving average of its time to answer in ms; null before its first answer' })
  latencyMs: number | null;

  @ApiProperty({ required: false, format: 'date-time', example: '2026-01-01T12:00:30.000Z', description: 'When the open circuit lets its probe through' })
  nextProbeAt?: string;
}

class UpstreamStatusDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up', description: 'down when every instance is open (with two or more instances)' })
  status: 'up' | 'down';

  @ApiProperty({ type: [UpstreamInstanceDto] })
  instances: UpstreamInstanceDto[];
}

class ReadinessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ type: DependencyStatusDto, example: { status: 'up' } })
  database: DependencyStatusDto;

  @ApiProperty({ type: DependencyStatusDto, example: { status: 'up' } })
  redis: DependencyStatusDto;

  @ApiProperty({ type: UpstreamStatusDto, required: false, description: 'The Invidious upstream instances (only when UPSTREAM_URL names any)' })
  upstream?: UpstreamStatusDto;
}

class NotReadyDto {
  @ApiProperty({ example: 'Not ready: redis is down (Connection is closed.)' })
  detail: string;

  @ApiProperty({ type: DependencyStatusDto })
  database: DependencyStatusDto;

  @ApiProperty({ type: DependencyStatusDto })
  redis: DependencyStatusDto;

  @ApiProperty({ type: UpstreamStatusDto, required: false, description: 'The Invidious upstream instances (only when UPSTREAM_URL names any)' })
  upstream?: UpstreamStatusDto;
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
    summary: 'Readiness: Postgres and Redis answer, and an Invidious upstream instance can take requests',
    description:
      'Answers 503 naming each dependency that is down; recovers by itself when it comes back. With Invidious upstreams, `upstream` lists each instance with its circuit state and latency; it is down (and so is readiness) only when every one of two or more instances is open.',
  })
  @ApiOkResponse({ type: ReadinessDto })
  @ApiServiceUnavailableResponse({ type: NotReadyDto, description: 'Postgres or Redis is down, or every upstream instance is open' })
  async getReadiness(): Promise<ReadinessDto> {
    const { ready, database, redis, upstream } = await this.readiness.check();
    const extra = upstream ? { upstream } : {};
    if (ready) return { status: 'ok', database, redis, ...extra };
    const down: string[] = Object.entries({ database, redis })
      .filter(([, d]) => d.status !== 'up')
      .map(([name, d]) => `${name} is down${d.message ? ` (${d.message})` : ''}`);
    if (upstream?.status === 'down') {
      const next = upstream.instances.map((i) => i.nextProbeAt).sort()[0];
      down.push(`every upstream instance is failing${next ? ` (next probe at ${next})` : ''}`);
    }
    throw new ApiError(503, { detail: `Not ready: ${down.join(', ') || 'a dependency is down'}`, database, redis, ...extra });
  }
}
