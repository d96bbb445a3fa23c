// dependency-cruiser: the module graph of src/ (tests and specs left out). `npm run deps` runs it
// through scripts/dependency-report.mjs, which adds the folder-level report and the layer-cycle
// check; `npx depcruise src --config .dependency-cruiser.cjs` alone checks the rules below.
// The same layer rules are enforced per file by ESLint (eslint.config.js).

/** A rule forbidding `from` to import anything under `to`. */
const layer = (name, comment, from, to, toNot) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: toNot ? { path: to, pathNot: toNot } : { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-file-cycle',
      comment: 'Modules must not import each other in a cycle (the same rule as ESLint import-x/no-cycle).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    layer('platform-is-the-base', 'platform/ imports only platform/.', '^src/platform/', '^src/(identity|catalog|invidious|tubearchivist|ops)/'),
    layer('access-stands-alone', 'platform/access/ imports nothing outside platform/access/.', '^src/platform/access/', '^src/', '^src/platform/access/'),
    layer('identity-on-platform', 'identity/ imports only platform/ and identity/.', '^src/identity/', '^src/(catalog|invidious|tubearchivist|ops)/'),
    layer('core-knows-no-dialect', 'catalog/ (the core) never imports a dialect or ops/.', '^src/catalog/', '^src/(invidious|tubearchivist|ops)/'),
    layer('invidious-alone', 'invidious/ never imports the other dialect or ops/.', '^src/invidious/', '^src/(tubearchivist|ops)/'),
    layer('tubearchivist-alone', 'tubearchivist/ never imports the other dialect or ops/.', '^src/tubearchivist/', '^src/(invidious|ops)/'),
    layer('ops-knows-no-dialect', 'ops/ never imports a dialect.', '^src/ops/', '^src/(invidious|tubearchivist)/'),
    layer('root-is-imported-by-nobody', 'The composition root (src/*.ts) is imported only by scripts/ and test/.', '^src/[^/]+/', '^src/[^/]+\\.ts$'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    // `import type` counts: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
