// npm run build, second step: the compiled server (dist/, from tsc, which keeps the decorators'
// type metadata that esbuild cannot emit) bundled into dist/server.js and its chunks, which is what
// `npm start`, the process tests and the benchmarks run. A few files instead of some 900 modules
// resolved, stat'ed and read one by one halves start to ready (docs/architecture.md).
// Split at the dynamic imports (the store's driver, the migrator, the migrations, undici, Apollo's
// optional plugins, class-validator): dist/server.js and the chunks it imports, in dist/chunks/, are
// compiled at start; a chunk behind a dynamic import only when a path needs it (on SQLite, not the
// PostgreSQL driver; without pending migrations, not the migrator; never class-validator, as
// validation is off). Less to compile shortens start to ready (docs/performance.md).
// Left outside: what must be loaded from node_modules at run time (the native sqlite3; pg-format; Apollo's hash),
// and drivers the project does not use, which knex and MikroORM name but never load here.
import { build, transform, type Plugin } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
// pg-format (under pg-listen) requires a file next to itself by its own __dirname: loaded from node_modules.
// @apollo/utils.createhash uses node:crypto only where `module.require` exists, which a bundled module
// lacks: bundled, Apollo hashed every query for its document cache with sha.js, in JavaScript.
const LOADED_FROM_NODE_MODULES = ['sqlite3', 'pg-format', '@apollo/utils.createhash'];
const UNUSED_DRIVERS = ['pg-native', 'better-sqlite3', 'mysql', 'mysql2', 'oracledb', 'tedious', 'pg-query-stream', 'libsql', 'mariadb'];
const UNUSED_MIKRO_ORM = ['mysql', 'mariadb', 'mssql', 'mongodb', 'libsql', 'better-sqlite', 'entity-generator', 'seeder', 'cli', 'reflection'].map((p) => `@mikro-orm/${p}`);

// @mikro-orm/core reads its version with require('../../package.json') from utils/Utils.js, a path
// that only its own source tree has; left to run time it would be resolved from the chunk's folder
// and could read the project's package.json (a "Bad @mikro-orm/knex version" at start). Bundled as
// core's own package.json, the version it meant.
const mikroOrmVersion: Plugin = {
  name: 'mikro-orm-version',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/\.\.\/package\.json$/ }, (args) =>
      /@mikro-orm[\\/]core[\\/]utils$/.test(args.resolveDir) ? { path: join(args.resolveDir, '..', 'package.json') } : undefined,
    );
  },
};

// MikroORM's AsyncLocalStorages (its transaction context, its flushes) are the project's
// IdleAsyncLocalStorage: Node's promise hooks then stay off between writes instead of running for
// every promise of every request once the first write has been made (src/store/idle-async-local-storage.ts).
// The build fails if no MikroORM module asked for node:async_hooks: its storages would then be Node's own, unnoticed.
let mikroOrmStorages = 0;
const idleAsyncContext: Plugin = {
  name: 'idle-async-context',
  setup(build) {
    build.onResolve({ filter: /^(node:)?async_hooks$/ }, (args) => {
      if (!/[\\/]@mikro-orm[\\/]/.test(args.importer)) return undefined;
      mikroOrmStorages++;
      return { path: 'async_hooks', namespace: 'idle-async-context' };
    });
    build.onLoad({ filter: /.*/, namespace: 'idle-async-context' }, () => ({
      contents: "export { IdleAsyncLocalStorage as AsyncLocalStorage } from './store/idle-async-local-storage.js';",
      resolveDir: join(ROOT, 'dist'),
    }));
  },
};

// graphql-jit requires fast-json-stringify (and through it ajv and two URI libraries, half a
// megabyte compiled at every start) for its customJSONSerializer option only, which
// src/graphql/compiled-execution.ts does not set: graphql-jit gets a stand-in that says so if called.
const withoutJsonSerializer: Plugin = {
  name: 'without-json-serializer',
  setup(build) {
    build.onResolve({ filter: /^fast-json-stringify$/ }, (args) =>
      /[\\/]graphql-jit[\\/]/.test(args.importer) ? { path: 'fast-json-stringify', namespace: 'without-json-serializer' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'without-json-serializer' }, () => ({
      contents: "module.exports = () => { throw new Error('graphql-jit: customJSONSerializer is not available (scripts/bundle.ts leaves fast-json-stringify out)'); };",
      loader: 'js',
    }));
  },
};

// Chunks are named by their content: those of an earlier build would pile up.
rmSync(join(ROOT, 'dist', 'chunks'), { recursive: true, force: true });
const { metafile } = await build({
  // The metafile's paths are relative to this folder.
  absWorkingDir: ROOT,
  entryPoints: { server: join(ROOT, 'dist', 'main.js') },
  outdir: join(ROOT, 'dist'),
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // type-graphql and MikroORM name GraphQL types and entities after their classes.
  keepNames: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
  plugins: [mikroOrmVersion, idleAsyncContext, withoutJsonSerializer],
  external: [...LOADED_FROM_NODE_MODULES, ...UNUSED_DRIVERS, ...UNUSED_MIKRO_ORM],
  // The CommonJS packages inside call require() (the banner heads every chunk) for Node's own modules and for what is left outside.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
});
if (mikroOrmStorages === 0) throw new Error('scripts/bundle.ts: no MikroORM module imports node:async_hooks any more; see idle-async-local-storage.ts');

// What a start compiles first: dist/server.js and the chunks it imports statically (the store's
// driver, behind a dynamic import, follows). Express (with its body parsers and their character
// tables) is loaded on the first request that needs it (src/http/express-app.ts); the build fails if
// a static import brings it back into the start.
const startup = new Set<string>();
const visit = (output: string) => {
  if (startup.has(output)) return;
  startup.add(output);
  for (const { path, kind } of metafile.outputs[output]!.imports) if (kind === 'import-statement' && metafile.outputs[path]) visit(path);
};
visit(Object.keys(metafile.outputs).find((output) => output.endsWith('dist/server.js'))!);
const startupInputs = [...startup].flatMap((output) => Object.keys(metafile.outputs[output]!.inputs));
// Nor Apollo's federation library: the subgraph schema is built from the SDL that `npm run
// schema:emit` keeps (src/graphql/schema.ts); importing '@apollo/subgraph' itself would bring it back.
const notAtStart = [
  { packages: /node_modules\/(express|body-parser)\//, what: 'express', fix: 'import it only from src/http/express-app.ts' },
  { packages: /node_modules\/@apollo\/federation-internals\//, what: "Apollo's federation library", fix: 'import only @apollo/subgraph/dist/schema-helper and /types in src' },
];
for (const { packages, what, fix } of notAtStart) {
  const input = startupInputs.find((path) => packages.test(path));
  if (input) throw new Error(`scripts/bundle.ts: ${what} is compiled at start again (${input}): ${fix}`);
}

// V8 keeps a source text with a single character past ASCII as two bytes a character, and scans it
// more slowly: the start compiled dist/server.js (3 MB) that way for a few ’, § and … in comments.
// esbuild escapes non-ASCII characters in code (charset ascii, its default) but leaves those in
// comments. They become ? (?? for a pair of UTF-16 units, so the source maps' columns hold) where
// that changes nothing but comments: the file before and after, each with its comments removed
// (minified whitespace, legal comments too), must be the same. U+2028 and U+2029 end a line
// comment, so they stay. Some regular expressions keep theirs (validator.js's alphabets, in a chunk
// never loaded at start); the files a start compiles first must end up ASCII, or the build fails.
const withoutComments = async (source: string) =>
  (await transform(source, { minifyWhitespace: true, legalComments: 'none', format: 'esm', target: 'node20', logLevel: 'error' })).code;
for (const output of Object.keys(metafile.outputs).filter((file) => file.endsWith('.js'))) {
  const file = join(ROOT, output);
  const text = readFileSync(file, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) continue;
  const ascii = text.replace(/[^\x00-\x7f\u2028\u2029]/gu, (character) => '?'.repeat(character.length));
  const onlyComments = ascii !== text && (await withoutComments(ascii)) === (await withoutComments(text));
  if (onlyComments) writeFileSync(file, ascii);
  if (startup.has(output) && (!onlyComments || /[^\x00-\x7f]/.test(ascii))) {
    throw new Error(`scripts/bundle.ts: ${output}, compiled at start, has a non-ASCII character outside its comments (or U+2028/U+2029)`);
  }
}
