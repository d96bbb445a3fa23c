// ESLint (flat config): typescript-eslint's recommended rules, the layer boundaries of src/ and no
// import cycles between files. Layout and formatting are Prettier's (eslint-config-prettier turns
// off every rule that would disagree with it). The layers are described in README.md (Layers).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** What each layer of src/ must not import (paths relative to the repository root). */
const LAYER_ZONES = [
  {
    target: './src/platform',
    from: ['./src/identity', './src/catalog', './src/invidious', './src/tubearchivist', './src/ops'],
    message: 'platform/ is the base layer: it imports only platform/ (features plug into it, not the other way round).',
  },
  {
    target: './src/platform/access',
    from: './src',
    except: ['./platform/access'],
    message: 'platform/access/ (principal, access decorators, scope base) imports nothing outside platform/access/.',
  },
  {
    target: './src/identity',
    from: ['./src/catalog', './src/invidious', './src/tubearchivist', './src/ops'],
    message: 'identity/ imports only platform/ and identity/.',
  },
  {
    target: './src/catalog',
    from: ['./src/invidious', './src/tubearchivist', './src/ops'],
    message: 'catalog/ is the core both dialects share: it never imports a dialect (invidious/, tubearchivist/) or ops/.',
  },
  {
    target: './src/invidious',
    from: ['./src/tubearchivist', './src/ops'],
    message: 'A dialect never imports the other dialect: invidious/ imports platform/, identity/, catalog/ and invidious/ only.',
  },
  {
    target: './src/tubearchivist',
    from: ['./src/invidious', './src/ops'],
    message: 'A dialect never imports the other dialect: tubearchivist/ imports platform/, identity/, catalog/ and tubearchivist/ only.',
  },
  {
    target: './src/ops',
    from: ['./src/invidious', './src/tubearchivist'],
    message: 'ops/ imports platform/, identity/, catalog/ and ops/, never a dialect.',
  },
  {
    target: './src/*/**',
    from: './src/*.ts',
    message: 'The composition root (src/*.ts: main, cli, app.module, create-app, entities, config-checks) is imported only by scripts/ and test/.',
  },
];

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'reports/', 'sdk/', 'bench/', 'docker/', 'openapi/', 'data/', 'node_modules/', 'test/artifacts/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'test/**/*.mjs', 'scripts/**/*.mjs', '*.js'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      // Which files import-x parses to follow imports (no-cycle needs the .ts sources, not just .js).
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // `const { dropped: _dropped, ...rest } = value` is how the code leaves a key out.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
    },
  },
  prettier,
);
