import { readFileSync } from 'node:fs';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Trace } from '@apollo/usage-reporting-protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiInstancesSdl, startApiInstancesSubgraph, type RunningSubgraph } from '../../examples/api-instances/subgraph.js';
import { captureSubgraphTraces, ForwardingDataSource, startGateway, type GatewayContext, type RunningGateway } from '../../examples/gateway.js';
import { composeSupergraph } from '../../scripts/compose.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';

/**
 * A real federated graph on loopback: our subgraph (startTestApp), the example API instances
 * subgraph and the example gateway, on a supergraph composed in-process with their real URLs.
 */
interface Body {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** What a gateway's data sources sent to and received from the subgraphs. */
function recorder() {
  const sent: { url: string; headers: Record<string, string> }[] = [];
  const received: { url: string; ftv1: unknown }[] = [];
  class RecordingDataSource extends ForwardingDataSource {
    override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
      super.willSendRequest(options);
      sent.push({ url: this.url, headers: Object.fromEntries(options.request.http!.headers) });
    }
    override didReceiveResponse({ response }: Parameters<NonNullable<ForwardingDataSource['didReceiveResponse']>>[0]) {
      received.push({ url: this.url, ftv1: response.extensions?.ftv1 });
      return response;
    }
  }
  return {
    sent,
    received,
    buildService: ({ url }: { url?: string }) => new RecordingDataSource({ url }),
    clear() {
      sent.length = 0;
      received.length = 0;
    },
  };
}

/** Where the gateway nulled a field our subgraph did not resolve (reported in extensions, not errors). */
function valueCompletionPaths(body: Body): string[] {
  const notes = (body.extensions?.valueCompletion ?? []) as { path: (string | number)[] }[];
  return notes.map((note) => note.path.join('.'));
}

let t: TestApp;
let apiInstances: RunningSubgraph;
let gateway: RunningGateway;
let tracingGateway: RunningGateway;
const plain = recorder();
const tracing = recorder();

async function post(url: string, bearer: string | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Body> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return (await response.json()) as Body;
}

beforeAll(async () => {
  t = await startTestApp();
  apiInstances = await startApiInstancesSubgraph({ host: '127.0.0.1', port: 0 });
  const { supergraphSdl } = composeSupergraph([
    { name: 'client-providers', url: t.app.url, sdl: readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8') },
    { name: 'api-instances', url: apiInstances.url, sdl: apiInstancesSdl },
  ]);
  gateway = await startGateway({ supergraphSdl, host: '127.0.0.1', port: 0, buildService: plain.buildService });
  tracingGateway = await startGateway({ supergraphSdl, host: '127.0.0.1', port: 0, buildService: tracing.buildService, plugins: [captureSubgraphTraces] });
});

afterAll(async () => {
  await Promise.allSettled([gateway?.stop(), tracingGateway?.stop()]);
  await Promise.allSettled([apiInstances?.stop(), t?.close()]);
});

const CROSSING = /* GraphQL */ `
  query Crossing($environmentId: ID!) {
    apiInstances { name environment { name defaultClientProvider { name } } consumers { name clientId } }
    environment(id: $environmentId) { name apiInstances { name } }
  }
`;

describe('the example gateway over our subgraph and the API instances subgraph', () => {
  let adminToken: string;
  let environmentId: string;
  let clientId: string;

  it('writes to both subgraphs and reads across them both ways', async () => {
    adminToken = await t.token(admin('org'));
    const created = await post(gateway.url, adminToken, 'mutation { createEnvironment(input: { name: "Production", type: PRODUCTION }) { environment { id } userErrors { code } } }');
    expect(created.errors).toBeUndefined();
    environmentId = created.data.createEnvironment.environment.id;

    const registered = await post(gateway.url, adminToken, 'mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id clientId } userErrors { code } } }', {
      i: { environmentId, name: 'orders-web' },
    });
    expect(registered.errors).toBeUndefined();
    const client = registered.data.registerClient.client as { id: string; clientId: string };
    clientId = client.clientId;

    const added = await post(gateway.url, adminToken, 'mutation($e: ID!, $c: [ID!]!) { addApiInstance(name: "orders", environmentId: $e, consumerClientIds: $c) { name environment { name } } }', {
      e: environmentId,
      c: [client.id],
    });
    expect(added).toEqual({ data: { addApiInstance: { name: 'orders', environment: { name: 'Production' } } } });

    const crossing = await post(gateway.url, adminToken, CROSSING, { environmentId });
    expect(crossing).toEqual({
      data: {
        apiInstances: [
          {
            name: 'orders',
            environment: { name: 'Production', defaultClientProvider: { name: 'Platform (built-in)' } },
            consumers: [{ name: 'orders-web', clientId }],
          },
        ],
        environment: { name: 'Production', apiInstances: [{ name: 'orders' }] },
      },
    });
  });

  it("forwards the caller's Authorization and x-request-id to every subgraph", async () => {
    plain.clear();
    const crossing = await post(gateway.url, adminToken, CROSSING, { environmentId }, { 'x-request-id': 'gateway-e2e-1' });
    expect(crossing.errors).toBeUndefined();
    expect(new Set(plain.sent.map((request) => request.url))).toEqual(new Set([t.app.url, apiInstances.url]));
    for (const { headers } of plain.sent) {
      expect(headers).toMatchObject({ authorization: `Bearer ${adminToken}`, 'x-request-id': 'gateway-e2e-1' });
    }
  });

  it('without a token, our subgraph refuses its part with UNAUTHENTICATED', async () => {
    const anonymous = await post(gateway.url, null, 'query($id: ID!) { apiInstances { name environment { name } } environment(id: $id) { name } }', { id: environmentId });
    // The example subgraph checks no token itself: its own fields still answer.
    expect(anonymous.data).toEqual({ apiInstances: [{ name: 'orders', environment: null }], environment: null });
    // Both fetches from our subgraph (environment(id:) and _entities) are refused.
    expect(anonymous.errors).toHaveLength(2);
    for (const error of anonymous.errors!) {
      expect(error.extensions?.code).toBe('UNAUTHENTICATED');
      // A field error with HTTP 200, not a 401 the gateway would turn into a failed fetch (which
      // would also throw away whatever else our subgraph answered, and show its internal URL).
      expect(error.message).toBe('A valid bearer token is required');
      expect(error.extensions?.response).toBeUndefined();
    }
    expect(JSON.stringify(anonymous)).not.toContain('Production');
  });
  it("another organization's token resolves none of our entities", async () => {
    const otherToken = await t.token(admin('other-org'));
    const other = await post(gateway.url, otherToken, CROSSING, { environmentId });
    // Our _entities answers null for another organization's IDs, exactly as for unknown ones. (The
    // example subgraph keeps one list for everybody; its own fields are not scoped.)
    expect(other.data).toEqual({ apiInstances: [{ name: 'orders', environment: null, consumers: [null] }], environment: null });
    expect(other.errors).toBeUndefined();
    // The gateway notes where it had to null a reference, outside `errors`.
    expect(valueCompletionPaths(other)).toEqual(['apiInstances.0.environment.name', 'apiInstances.0.consumers.0.name']);
    const text = JSON.stringify(other);
    expect(text).not.toContain('Production');
    expect(text).not.toContain(clientId);
  });

  it("a member of the organization sees the environment but not the administrator's client", async () => {
    const memberToken = await t.token(member('org'));
    const seen = await post(gateway.url, memberToken, CROSSING, { environmentId });
    expect(seen.data).toEqual({
      apiInstances: [{ name: 'orders', environment: { name: 'Production', defaultClientProvider: { name: 'Platform (built-in)' } }, consumers: [null] }],
      environment: { name: 'Production', apiInstances: [{ name: 'orders' }] },
    });
    expect(seen.errors).toBeUndefined();
    expect(valueCompletionPaths(seen)).toEqual(['apiInstances.0.consumers.0.name']);
  });
});

describe('inline tracing (ftv1)', () => {
  it('our subgraph answers extensions.ftv1 only when asked with apollo-federation-include-trace', async () => {
    const token = await t.token(admin('org'));
    const traced = await post(t.app.url, token, '{ environments { totalCount } }', undefined, { 'apollo-federation-include-trace': 'ftv1' });
    expect(traced.errors).toBeUndefined();
    expect(traced.extensions?.ftv1).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(traced.extensions!.ftv1 as string, 'base64').length).toBeGreaterThan(0);

    const untraced = await post(t.app.url, token, '{ environments { totalCount } }');
    expect(untraced.errors).toBeUndefined();
    expect(untraced.extensions?.ftv1).toBeUndefined();
  });

  it('masks error messages in the trace: the field and its error are there, the message is not', async () => {
    const traced = await post(t.app.url, null, 'query Refused { environments { totalCount } }', undefined, { 'apollo-federation-include-trace': 'ftv1' });
    expect(traced.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const trace = Trace.decode(Buffer.from(traced.extensions!.ftv1 as string, 'base64'));
    const field = trace.root?.child?.find((node) => node.responseName === 'environments');
    expect(field?.error?.map((error) => error.message)).toEqual(['<masked>']);
    expect(JSON.stringify(Trace.toObject(trace))).not.toContain('bearer token');
  });

  it('a gateway capturing traces gets every subgraph its trace; one that does not, none', async () => {
    const token = await t.token(admin('org'));
    const { data } = await post(t.app.url, token, '{ environments(first: 1) { edges { node { id } } } }');
    const environmentId = data.environments.edges[0].node.id as string;

    tracing.clear();
    const traced = await post(tracingGateway.url, token, CROSSING, { environmentId });
    expect(traced.errors).toBeUndefined();
    expect(tracing.sent.length).toBeGreaterThan(0);
    for (const { headers } of tracing.sent) expect(headers['apollo-federation-include-trace']).toBe('ftv1');
    const ours = tracing.received.filter((response) => response.url === t.app.url);
    expect(ours.length).toBeGreaterThan(0);
    for (const { ftv1 } of tracing.received) expect(ftv1).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);

    plain.clear();
    const untraced = await post(gateway.url, token, CROSSING, { environmentId });
    expect(untraced.errors).toBeUndefined();
    expect(plain.sent.length).toBeGreaterThan(0);
    expect(plain.received.length).toBeGreaterThan(0);
    expect(plain.sent.every(({ headers }) => !('apollo-federation-include-trace' in headers))).toBe(true);
    expect(plain.received.every(({ ftv1 }) => ftv1 === undefined)).toBe(true);
  });
});
