import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse } from '@nestjs/swagger';

type ResponseHeaders = Record<string, { schema: { type: 'string' | 'integer' }; description: string }>;

/** An HTML page as a documented response of a page route (errors included: they are pages too). */
export const ApiHtmlPage = (status: number, description: string, headers?: ResponseHeaders) =>
  ApiResponse({ status, description, schema: { type: 'string' }, headers });

/** A body posted by an HTML form. */
export const ApiFormBody = (type: new () => object) => applyDecorators(ApiConsumes('application/x-www-form-urlencoded'), ApiBody({ type }));
