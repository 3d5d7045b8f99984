// npm run build, second step: the compiled server (dist/, from tsc, which keeps the decorators'
// type metadata that esbuild cannot emit) bundled into one ES module, dist/server.js, which is what
// `npm start`, the process tests and the benchmarks run. One file instead of some 900 modules
// resolved, stat'ed and read one by one halves start to ready (docs/architecture.md).
// Left outside: what must be loaded from node_modules at run time (the native sqlite3; pg-format; Apollo's hash),
// and drivers the project does not use, which knex and MikroORM name but never load here.
import { build } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
// pg-format (under pg-listen) requires a file next to itself by its own __dirname: loaded from node_modules.
// @apollo/utils.createhash uses node:crypto only where `module.require` exists, which a bundled module
// lacks: bundled, Apollo hashed every query for its document cache with sha.js, in JavaScript.
const LOADED_FROM_NODE_MODULES = ['sqlite3', 'pg-format', '@apollo/utils.createhash'];
const UNUSED_DRIVERS = ['pg-native', 'better-sqlite3', 'mysql', 'mysql2', 'oracledb', 'tedious', 'pg-query-stream', 'libsql', 'mariadb'];
const UNUSED_MIKRO_ORM = ['mysql', 'mariadb', 'mssql', 'mongodb', 'libsql', 'better-sqlite', 'entity-generator', 'seeder', 'cli', 'reflection'].map((p) => `@mikro-orm/${p}`);

await build({
  entryPoints: [join(ROOT, 'dist', 'main.js')],
  outfile: join(ROOT, 'dist', 'server.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // type-graphql and MikroORM name GraphQL types and entities after their classes.
  keepNames: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  external: [...LOADED_FROM_NODE_MODULES, ...UNUSED_DRIVERS, ...UNUSED_MIKRO_ORM],
  // The CommonJS packages inside call require() for Node's own modules and for what is left outside.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
});
