import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { TaMessageDto } from './ta-objects.dto.js';

/**
 * A TA route's 400: its own body (`{"message"}` by default), or the framework's `{"detail"}` for
 * a malformed JSON body or request path, which every route can also answer.
 */
export const TaBadRequestResponse = (description: string, body: Type = TaMessageDto) =>
  applyDecorators(
    ApiExtraModels(body, TubeArchivistErrorDto),
    ApiBadRequestResponse({
      description: `${description}; or, as \`{"detail"}\`, a malformed JSON body or request path`,
      schema: { anyOf: [{ $ref: getSchemaPath(body) }, { $ref: getSchemaPath(TubeArchivistErrorDto) }] },
    }),
  );
