import { availableParallelism } from 'node:os';
// Nest 12 is ESM-only: jest runs in native ESM mode with @swc/jest (see CONTRIBUTING.md#why-jest-runs-in-native-esm).
// Three projects, run together by `npm test` (one summary, every test counted):
// - unit: `src/**/*.spec.ts`, pure code: no global setup, no database, no Redis, no build
//   (`npm run test:unit`, which selects this project alone);
// - tooling: `test/**/*.spec.ts`, checks of the project's own tooling (the lint rules bite): no
//   database either, but slower than unit tests, so kept out of the unit lane;
// - e2e: `test/**/*.e2e-spec.ts` through the real app, on a template database migrated once per run
//   from dist/ by the global setup (`npm run test:e2e`).
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  sourceMaps: 'inline',
};

/** How every project loads the TypeScript sources (also the chaos suite's, jest.chaos.config.js). */
export const base = {
  rootDir: import.meta.dirname,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // CJS deps of fastify/@fastify/static require() these ESM-only packages; jest < Node 24.9 cannot.
    '/node_modules/(cookie|content-disposition)/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  // dist/ holds the compiled copies of the same modules (test/ included): never a test or a module here.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

export default {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...base, displayName: 'tooling', testMatch: ['<rootDir>/test/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
      testTimeout: 60000,
    },
  ],
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.mjs'],
  // Most of an e2e file's time is spent waiting (Postgres, Redis, child processes, fake upstreams), and
  // every file has its own database and Redis prefix: two workers per core keep the cores busy (on
  // 2 cores: 4 workers 295 s, 3 workers 340 s for the whole suite). Jest's default (cores - 1) ran a
  // 2-core machine's files one at a time. (A number: jest reads a percentage string in the config
  // file as a plain number.)
  maxWorkers: Math.max(2, availableParallelism() * 2),
  testTimeout: 60000,
};
