// Writes the served subgraph SDL to schema/schema.graphql, or with --check fails when it differs.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildGraphQLSchema } from '../src/graphql/schema.js';

const file = new URL('../schema/schema.graphql', import.meta.url);
const sdl = `${printSubgraphSchema(await buildGraphQLSchema()).trim()}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // a missing file differs
  }
  if (current !== sdl) {
    console.error('schema/schema.graphql is out of date: run `npm run schema:emit` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql matches the code.');
} else {
  writeFileSync(file, sdl);
  console.log('Wrote schema/schema.graphql');
}
