import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'tubevault:public';
/** OpenAPI marker read by the document builder: the operation gets `security: []`. */
export const PUBLIC_EXTENSION = 'x-public';

/** Opts a route out of the global authentication guard; every other route requires credentials. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
