// Import boundaries (npm run lint:deps): every module belongs to one layer and may import its own
// layer or a lower one, never a higher one; and no module imports itself through a cycle.
// Type-only imports count too (tsPreCompilationDeps): a layer must not even know a higher
// layer's types. Tests (*.test.ts, test/) may reach any layer, but not into a cycle.

/** Lowest first. A path belongs to the first layer whose pattern it matches. */
const layers = [
  { name: 'L0 foundation', path: ['^src/(model|limits|log|cache)/', '^src/(errors|config-error)\\.ts$'] },
  { name: 'L1 parsing and domain primitives', path: ['^src/(mail|diff|input|era|series|c)/'] },
  { name: 'L2 rule runtime and rules', path: ['^src/engine/', '^rules/', '^src/config/project-config\\.ts$'] },
  { name: 'L3 the one review', path: ['^src/pipeline/'] },
  { name: 'L4 renderers', path: ['^src/(render|catalog)/'] },
  { name: 'L5 service decisions', path: ['^src/review/'] },
  { name: 'L6 front ends and adapters', path: ['^src/(check|github|queue|sinks|sources)/'] },
  {
    name: 'L7 composition',
    path: ['^src/(cli|service)/', '^src/config/(?!project-config\\.ts$)', '^workers/', '^bin/'],
  },
];

const tests = ['\\.test\\.ts$', '^test/'];

/** One rule per (layer, higher layer) pair, so a violation names both layers. */
const upLayerRules = layers.flatMap((from, low) =>
  layers.slice(low + 1).map((to) => ({
    name: `${from.name.split(' ')[0]}-imports-${to.name.split(' ')[0]}`,
    severity: 'error',
    comment: `${from.name} must not import ${to.name}: move the shared part down, or the caller up.`,
    from: { path: from.path, pathNot: tests },
    to: { path: to.path },
  })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upLayerRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle (type-only imports included): break it by moving the shared part into its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-layer',
      severity: 'error',
      comment: 'Every module outside the tests belongs to a layer: add its folder to .dependency-cruiser.cjs.',
      from: { path: '^(src|rules|workers|bin)/', pathNot: [...tests, ...layers.flatMap((layer) => layer.path)] },
      to: {},
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      comment: 'Product code must not import tests or test helpers.',
      from: { path: '^(src|rules|workers|bin)/', pathNot: tests },
      to: { path: tests },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing on disk.',
      from: {},
      // bin/ runs the compiled CLI in dist/, which exists only after npm run build.
      to: { couldNotResolve: true, pathNot: '(^|/)dist/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^coverage/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
