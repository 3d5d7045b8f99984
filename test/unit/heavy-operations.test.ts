import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS, QueryLimiter, queryLimitsPlugin } from '../../src/graphql/query-limits.js';

// Costs with the plugin's own estimators: a list with `first: n` costs 1 + n × what each item selects.
const schema = buildSchema('type Query { items(first: Int): [Item] ping: Int } type Item { a: Int b: Int }');
const HEAVY = parse('{ items(first: 100) { a b } }'); // 201
const LIGHT = parse('{ ping }'); // 1

type Listener = GraphQLRequestListener<Record<string, never>>;

async function start(plugin: ApolloServerPlugin<Record<string, never>>): Promise<Listener> {
  return (await plugin.requestDidStart!({} as never)) as Listener;
}

/** Resolves (true) once the operation may run; stays pending while it waits for its turn. */
function resolve(listener: Listener, document: ReturnType<typeof parse>): Promise<true> {
  return listener.didResolveOperation!({ request: {}, document, schema } as never).then(() => true as const);
}

const settled = async (promise: Promise<unknown>) => Promise.race([promise.then(() => 'ran'), new Promise((r) => setImmediate(() => r('waiting')))]);

describe('heavy operations take turns', () => {
  it('runs at most heavyConcurrency heavy operations at once, the next when one answers, and never holds up light ones', async () => {
    const plugin = queryLimitsPlugin(new QueryLimiter({ ...DEFAULT_QUERY_LIMITS, heavyCost: 200, heavyConcurrency: 2 }));
    const [first, second, third, fourth, light, late] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => start(plugin)));
    expect(await settled(resolve(first!, HEAVY))).toBe('ran');
    expect(await settled(resolve(second!, HEAVY))).toBe('ran');
    const thirdRuns = resolve(third!, HEAVY);
    const fourthRuns = resolve(fourth!, HEAVY);
    expect(await settled(thirdRuns)).toBe('waiting');
    expect(await settled(resolve(light!, LIGHT))).toBe('ran');
    await first!.willSendResponse!({} as never);
    await first!.willSendResponse!({} as never); // a second call ends nothing more
    expect(await settled(thirdRuns)).toBe('ran');
    expect(await settled(fourthRuns)).toBe('waiting');
    // The turn passed from first to third: still two running, so one arriving now waits behind fourth.
    const lateRuns = resolve(late!, HEAVY);
    expect(await settled(lateRuns)).toBe('waiting');
    await second!.willSendResponse!({} as never);
    expect(await settled(fourthRuns)).toBe('ran');
    expect(await settled(lateRuns)).toBe('waiting');
    await third!.willSendResponse!({} as never);
    expect(await settled(lateRuns)).toBe('ran');
  });

  it('passes a turn on when the operation waiting for it was answered meanwhile', async () => {
    const plugin = queryLimitsPlugin(new QueryLimiter({ ...DEFAULT_QUERY_LIMITS, heavyCost: 200, heavyConcurrency: 1 }));
    const [holder, refused, next] = await Promise.all([1, 2, 3].map(() => start(plugin)));
    await resolve(holder!, HEAVY);
    const refusedRuns = resolve(refused!, HEAVY);
    const nextRuns = resolve(next!, HEAVY);
    await refused!.willSendResponse!({} as never); // answered (another plugin refused it) before its turn came
    await holder!.willSendResponse!({} as never);
    await refusedRuns;
    expect(await settled(nextRuns)).toBe('ran');
  });
});

describe('too many heavy operations waiting', () => {
  it('refuses one more at once with SERVER_BUSY, HTTP 503 and Retry-After, and takes them again once a place is free', async () => {
    const plugin = queryLimitsPlugin(new QueryLimiter({ ...DEFAULT_QUERY_LIMITS, heavyCost: 200, heavyConcurrency: 1, heavyMaxWaiting: 1 }));
    const [holder, waiter, refused, light, later] = await Promise.all([1, 2, 3, 4, 5].map(() => start(plugin)));
    await resolve(holder!, HEAVY);
    const waiterRuns = resolve(waiter!, HEAVY);
    const error = await resolve(refused!, HEAVY).then(
      () => null,
      (e: { extensions: { code: string; http: { status: number; headers: Map<string, string> } } }) => e,
    );
    expect(error?.extensions.code).toBe('SERVER_BUSY');
    expect(error?.extensions.http.status).toBe(503);
    expect(error?.extensions.http.headers.get('retry-after')).toBe('1');
    expect(await settled(resolve(light!, LIGHT))).toBe('ran'); // light ones are never refused
    await holder!.willSendResponse!({} as never);
    expect(await settled(waiterRuns)).toBe('ran');
    expect(await settled(resolve(later!, HEAVY))).toBe('waiting'); // the queue has room again
  });

  it('does not judge again, nor make wait, a request whose operation already ran within the limits', async () => {
    const limiter = new QueryLimiter({ ...DEFAULT_QUERY_LIMITS, heavyCost: 200, heavyConcurrency: 1 });
    const plugin = queryLimitsPlugin<{ ran: boolean }>(limiter, (context) => context.ran);
    const begin = async (ran: boolean) => (await plugin.requestDidStart!({ contextValue: { ran } } as never)) as GraphQLRequestListener<{ ran: boolean }>;
    const holder = await begin(false);
    await holder.didResolveOperation!({ request: {}, document: HEAVY, schema } as never);
    const waiting = await begin(false);
    expect(await settled(waiting.didResolveOperation!({ request: {}, document: HEAVY, schema } as never))).toBe('waiting');
    // A prepared run handed over with its result: no listener judges it, so it takes no turn.
    const ranAhead = await begin(true);
    expect(ranAhead.didResolveOperation).toBeUndefined();
    await holder.willSendResponse!({} as never);
  });

  it('leaves a request naming no operation of the document to execution, which refuses it', async () => {
    const limiter = new QueryLimiter({ ...DEFAULT_QUERY_LIMITS, maxCost: 10 });
    await expect(limiter.admit(schema, HEAVY, '', {})).resolves.toBeUndefined();
    await expect(limiter.admit(schema, HEAVY, 'Named', {})).resolves.toBeUndefined();
    await expect(limiter.admit(schema, HEAVY, undefined, {})).rejects.toThrow(/costs 201/);
  });
});

describe('the cost of a list', () => {
  it('counts a list of plain values once, with its row', async () => {
    const withTags = buildSchema('type Query { items(first: Int): [Item] } type Item { tags: [String] a: Int }');
    const limiter = new QueryLimiter({ ...DEFAULT_QUERY_LIMITS, maxCost: 250 });
    await expect(limiter.admit(withTags, parse('{ items(first: 100) { tags a } }'), undefined, undefined)).resolves.toBeUndefined(); // 1 + 100 × 2
    await expect(limiter.admit(withTags, parse('{ items(first: 150) { tags a } }'), undefined, undefined)).rejects.toMatchObject({ extensions: { limit: 'cost' } }); // 301
  });

  it('counts each item at least once, even when it selects only __typename', async () => {
    const limiter = new QueryLimiter({ ...DEFAULT_QUERY_LIMITS, maxCost: 300 });
    await expect(limiter.admit(schema, parse('{ items(first: 100) { __typename } }'), undefined, undefined)).resolves.toBeUndefined(); // 101
    await expect(limiter.admit(schema, parse('{ items(first: 500) { __typename } }'), undefined, undefined)).rejects.toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost' } }); // 501
  });
});

describe('heavy operations of one organization', () => {
  it('may hold all but a quarter of the waiting places, so that others still get in', async () => {
    const limiter = new QueryLimiter({ ...DEFAULT_QUERY_LIMITS, heavyCost: 200, heavyConcurrency: 1, heavyMaxWaiting: 4 }); // 3 places for one organization
    const of = (org: string) => ({ caller: { org } });
    const admit = (org: string) => limiter.admit(schema, HEAVY, undefined, undefined, of(org));
    const endHolder = (await admit('a'))!;
    const aWaits = admit('a');
    const aAlsoWait = [admit('a'), admit('a')];
    for (const waiting of [aWaits, ...aAlsoWait]) expect(await settled(waiting)).toBe('waiting');
    await expect(admit('a')).rejects.toMatchObject({ extensions: { code: 'SERVER_BUSY' } });
    const bWaits = admit('b');
    expect(await settled(bWaits)).toBe('waiting'); // another organization still has its place
    endHolder();
    const aWaitsAgain = admit('a'); // its place is free again, from the moment its turn came
    const endA = (await aWaits)!;
    expect(await settled(aWaitsAgain)).toBe('waiting');
    endA();
    for (const waiting of [...aAlsoWait, bWaits, aWaitsAgain]) (await waiting)!();
  });
});
