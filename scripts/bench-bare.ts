// The baseline of `npm run bench`, run as its own process (as the server is) so that it does not
// share an event loop with the load generator: a bare graphql-js executor on node:http, with the
// subgraph's SDL (federation directives left out), parse and validation done once per document,
// and for each document the answer the real server gave, held in memory as the root value.
// PUT /answers { query, data } records an answer; POST /graphql executes. POST /forward sends its
// body on to the URL in x-forward-to (with the same authorization and content type) and answers with
// what came back: the least any service between a caller and an IdP adds. Prints its port.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildSchema, execute, parse, validate, type DocumentNode } from 'graphql';
import { request } from 'undici';

const sdl = readFileSync(join(import.meta.dirname, '..', 'schema', 'schema.graphql'), 'utf8')
  .replace(/extend schema[^\n]*\n[^\n]*\n/, '')
  .replace(/@key\(fields: "id"\)/g, '')
  .replace(/@shareable/g, '');
const schema = buildSchema(`scalar DateTime\n${sdl.replace(/^scalar DateTime$/m, '')}`);
const documents = new Map<string, DocumentNode>();
const answers = new Map<string, Record<string, unknown>>();

const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', async () => {
    if (req.url === '/forward') {
      try {
        const response = await request(req.headers['x-forward-to'] as string, {
          method: 'POST',
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: req.headers.authorization ?? '' },
          body,
        });
        const text = await response.body.text();
        res.writeHead(response.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      } catch (error) {
        res.writeHead(502).end(String(error));
      }
      return;
    }
    if (req.method === 'PUT') {
      const { query, data } = JSON.parse(body) as { query: string; data: Record<string, unknown> };
      answers.set(query, data);
      res.writeHead(204).end();
      return;
    }
    const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
    let document = documents.get(query);
    if (!document) {
      document = parse(query);
      if (validate(schema, document).length > 0) {
        res.writeHead(400).end('invalid query for the bare server');
        return;
      }
      documents.set(query, document);
    }
    const result = await execute({ schema, document, rootValue: answers.get(query), variableValues: variables });
    const text = JSON.stringify(result);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
