import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { InvidiousErrorDto } from '../../platform/http/error-dtos.js';

/** The answers of a route that may ask the upstream (docs/dialects/invidious.md#upstream-reads). */
export function ApiUpstreamResponses(
  notImplemented = 'The configured upstream cannot do this; the message names the setting that enables it (`UPSTREAM_URL=<an Invidious instance>`)',
) {
  return applyDecorators(
    ApiResponse({ status: 501, type: InvidiousErrorDto, description: notImplemented }),
    ApiResponse({
      status: 502,
      type: InvidiousErrorDto,
      description: '`Upstream error: <reason>`: the upstream is unreachable, failed or answered something malformed',
    }),
    ApiResponse({
      status: 503,
      type: InvidiousErrorDto,
      description: 'The upstream rate limits tubevault (its 429): nothing is sent to it until `Retry-After` seconds pass',
    }),
    ApiResponse({ status: 504, type: InvidiousErrorDto, description: '`Upstream timeout: <upstream> did not answer within N s` (`UPSTREAM_TIMEOUT_MS`)' }),
  );
}
