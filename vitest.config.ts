import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
// Node loads graphql's CommonJS build for every package; make the tests' own imports load the same
// copy (Vite would pick the .mjs one and graphql refuses to mix the two).
const resolve = { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] };

// One run covers the unit tests once and every integration and end-to-end test on both stores.
const onStore = (store: 'sqlite' | 'postgres') => ({
  resolve,
  test: {
    name: store,
    include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
    env: { TEST_DB: store },
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { resolve, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles: ['test/support/setup.ts'] } },
      onStore('sqlite'),
      onStore('postgres'),
    ],
  },
});
