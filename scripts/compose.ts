// Composes our subgraph (schema/schema.graphql) with the example API instances subgraph into
// examples/supergraph.graphql, or with --check fails when the committed file differs.
//
//   npm run compose [-- --check] [-- --client-providers-url URL --api-instances-url URL]
//   (or CLIENT_PROVIDERS_URL / API_INSTANCES_URL; flags win)
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { composeServices } from '@apollo/composition';
import { parse, type DocumentNode } from 'graphql';

export interface SubgraphDefinition {
  name: string;
  url: string;
  sdl: string;
}

export interface Supergraph {
  supergraphSdl: string;
  /** Composition hints (not errors), one line each. */
  hints: string[];
}

/** Composes the subgraphs; throws one error naming every composition error when they do not compose. */
export function composeSupergraph(subgraphs: SubgraphDefinition[]): Supergraph {
  const parsed: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  const problems: string[] = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      parsed.push({ name, url, typeDefs: parse(sdl) });
    } catch (error) {
      problems.push(`[${name}] ${(error as Error).message}`);
    }
  }
  if (problems.length === 0) {
    const result = composeServices(parsed);
    if (result.errors) {
      problems.push(...result.errors.map((error) => (error.extensions.code ? `${String(error.extensions.code)}: ${error.message}` : error.message)));
    } else {
      return { supergraphSdl: result.supergraphSdl, hints: result.hints.map((hint) => `${hint.definition.code}: ${hint.message}`) };
    }
  }
  throw new Error(`Composition failed with ${problems.length} error(s):\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      'client-providers-url': { type: 'string' },
      'api-instances-url': { type: 'string' },
    },
  });
  const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
  const output = new URL('../examples/supergraph.graphql', import.meta.url);
  const outputName = relative(process.cwd(), fileURLToPath(output));
  const subgraphs: SubgraphDefinition[] = [
    {
      name: 'client-providers',
      url: values['client-providers-url'] ?? process.env.CLIENT_PROVIDERS_URL ?? 'http://localhost:4000/graphql',
      sdl: read('../schema/schema.graphql'),
    },
    {
      name: 'api-instances',
      url: values['api-instances-url'] ?? process.env.API_INSTANCES_URL ?? 'http://localhost:4001/graphql',
      sdl: read('../examples/api-instances/schema.graphql'),
    },
  ];

  let supergraph: Supergraph;
  try {
    supergraph = composeSupergraph(subgraphs);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  for (const hint of supergraph.hints) console.error(`hint: ${hint}`);
  const sdl = `${supergraph.supergraphSdl.trim()}\n`;
  const summary = `${subgraphs.map((s) => `${s.name} (${s.url})`).join(' + ')}, ${supergraph.hints.length} hint(s)`;

  if (values.check) {
    let committed = '';
    try {
      committed = readFileSync(output, 'utf8');
    } catch {
      // a missing file differs
    }
    if (committed !== sdl) {
      console.error(`${outputName} is out of date: run \`npm run compose\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${outputName} matches the composition of ${summary}.`);
  } else {
    writeFileSync(output, sdl);
    console.log(`Wrote ${outputName}: composed ${summary}.`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
