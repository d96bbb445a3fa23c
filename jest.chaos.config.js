// The fault-injection suite (`npm run test:chaos`): 2 API processes, a worker, a scratch Postgres and
// a scratch Redis under load for a few minutes. Kept out of `npm test`'s time budget; `.ci/run`
// runs it after `npm test`. It needs no template database: it brings its own servers.
import { base } from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.mjs'],
  testTimeout: 600000,
};
