// The layers of src/ and the one direction their imports may point (docs/architecture.md):
//   core ← store ← domains ← graphql ← http ← app.ts / main.ts / config.ts / cli
//   core ← vendors ← domains
// Type-only imports count as imports. `npm run deps` checks; CI fails on any violation.
const layers = {
  core: [],
  store: ['core'],
  vendors: ['core'],
  domains: ['core', 'store', 'vendors'],
  graphql: ['core', 'store', 'domains'],
  http: ['core', 'store', 'domains', 'graphql'],
};

const layerRules = Object.entries(layers).map(([layer, below]) => ({
  name: `${layer}-imports-only-${below.length ? below.join('-') : 'itself'}`,
  comment: `src/${layer} may import ${below.length ? `src/{${below.join(',')}}` : 'nothing else in src'} and itself; nothing above it`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: '^src/', pathNot: [`^src/${layer}/`, ...below.map((name) => `^src/${name}/`)] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle, of files or (through the layer rules) of folders',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'src-not-from-tests-or-scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts|examples)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
