import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/public.decorator.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { taError } from '../http/api-error.js';
import { metricsRefusal } from './metrics-access.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus scrape endpoint. Left out of the OpenAPI document: it is for the operator's Prometheus,
 * not an API client, and answers in Prometheus's text format (see README, "Operations").
 * `@Public()` for the guard: it checks METRICS_TOKEN (or loopback) itself.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiExcludeEndpoint()
  @ApiOperation({ operationId: 'getMetrics' })
  async getMetrics(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const refusal = metricsRefusal(this.config.METRICS_TOKEN, request.ip, request.headers.authorization);
    if (refusal) throw taError(403, refusal);
    void reply.header('content-type', this.metrics.contentType);
    return this.metrics.render();
  }
}
