import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tubevault:public';

/** Opts a route out of the global authentication guard; every other route requires credentials. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
