import { describe, expect, it } from 'vitest';
import { Principal } from '../../src/core/caller.js';
import type { Domain } from '../../src/domains/services.js';
import type { PreparedOperation } from '../../src/graphql/compiled-execution.js';
import { GraphQLContext } from '../../src/graphql/context.js';
import { RememberedAnswers } from '../../src/graphql/remembered-answers.js';

/**
 * RememberedAnswers' own rules, on a prepared operation whose runs the test finishes by hand:
 * when an answer is remembered, shared with a request arriving while it is computed, or computed
 * again. (test/integration/remembered-answers.test.ts checks the answers against the server's.)
 */
function setUp(maxBytes = 1024 * 1024) {
  let version: string | Error = '1';
  let now = 1_000;
  const runs: { resolve: (body: Buffer | undefined) => void; reject: (error: Error) => void; context: GraphQLContext }[] = [];
  const operation: PreparedOperation = {
    text: '{ environments { totalCount } }',
    requestedName: undefined,
    name: undefined,
    rootFields: ['environments'],
    // As a prepared operation runs: admitted, then `beforeRun` (the version read), then the run the test finishes.
    run: async (context, _variables, beforeRun) => {
      await beforeRun?.();
      return new Promise((resolve, reject) => runs.push({ resolve, reject, context: context as GraphQLContext }));
    },
  };
  const counts = { remembered: 0, computed: 0 };
  const reads = { versions: 0 };
  const answers = new RememberedAnswers({ maxBytes, versionOf: async () => {
      reads.versions++;
      if (version instanceof Error) throw version;
      return version;
    }, onAnswer: (remembered) => counts[remembered ? 'remembered' : 'computed']++ });
  const domain = { clock: () => now } as unknown as Domain;
  const context = (sub = 'alice', roles = ['developer']) =>
    new GraphQLContext(
      () => {
        throw new Error('no entity manager here');
      },
      new Principal(sub, 'org', roles),
      domain,
    );
  const remembering = answers.remembering(operation);
  return {
    runs,
    counts,
    reads,
    ask: (sub?: string, variables?: Record<string, unknown>, roles?: string[]) => remembering.run(context(sub, roles), variables),
    write: () => (version = String(Number(version) + 1)),
    storeDown: (down: boolean) => (version = down ? new Error('the store does not answer') : '9'),
    advance: (ms: number) => (now += ms),
    now: () => now,
    answers,
    operation,
  };
}

/** Asks, expects a new run (the answer computed), finishes it with `text` and expects that answer. */
async function computes(t: ReturnType<typeof setUp>, text: string): Promise<void> {
  const runs = t.runs.length;
  const answer = t.ask();
  await settle();
  expect(t.runs).toHaveLength(runs + 1);
  t.runs[runs]!.resolve(body(text));
  expect(String(await answer)).toBe(text);
}

/** The same request asked twice, the second while the first is computed. */
async function twoAsks(t: ReturnType<typeof setUp>): Promise<[Promise<Buffer | undefined>, Promise<Buffer | undefined>]> {
  const leader = t.ask();
  await settle();
  const follower = t.ask();
  await settle();
  return [leader, follower];
}

/** Lets the answer's pending steps (the version read) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));
const body = (text: string) => Buffer.from(text);

describe('remembered answers', () => {
  it('remembers an answer until the data version changes', async () => {
    const t = setUp();
    await computes(t, 'one');
    expect(String(await t.ask())).toBe('one');
    expect(t.runs).toHaveLength(1);
    t.write();
    const reads = t.reads.versions;
    await computes(t, 'two');
    expect(t.reads.versions).toBe(reads + 1); // the version read to check the remembered answer is the one the new one is kept under
    expect(t.counts).toEqual({ remembered: 1, computed: 2 });
  });

  it('keeps answers apart by caller and variables', async () => {
    const t = setUp();
    const asks = [t.ask('alice'), t.ask('bob'), t.ask('alice', { first: 1 })];
    await settle();
    expect(t.runs).toHaveLength(3);
    t.runs.forEach((run, i) => run.resolve(body(`answer ${i}`)));
    expect((await Promise.all(asks)).map(String)).toEqual(['answer 0', 'answer 1', 'answer 2']);
  });

  it('gives a request arriving while the same one is computed that answer, at the same version only', async () => {
    const t = setUp();
    const [leader, follower] = await twoAsks(t);
    expect(t.runs).toHaveLength(1);
    t.write();
    const later = t.ask(); // reads the new version: computes its own
    await settle();
    expect(t.runs).toHaveLength(2);
    t.runs[0]!.resolve(body('old'));
    t.runs[1]!.resolve(body('new'));
    expect([String(await leader), String(await follower), String(await later)]).toEqual(['old', 'old', 'new']);
    expect(String(await t.ask())).toBe('new');
  });

  it('shares and keeps no answer with errors, nor a failed run: the next request computes its own', async () => {
    const t = setUp();
    const [leader, follower] = await twoAsks(t);
    t.runs[0]!.resolve(undefined);
    expect(await leader).toBeUndefined();
    await settle();
    expect(t.runs).toHaveLength(2);
    t.runs[1]!.reject(new Error('boom'));
    await expect(follower).rejects.toThrow('boom');
    await computes(t, 'fine');
  });

  it('holds an answer only until the first moment its run noted as a change', async () => {
    const t = setUp();
    const first = t.ask();
    await settle();
    t.runs[0]!.context.readTime().changesAt(t.now() + 500);
    t.runs[0]!.resolve(body('overlap shown'));
    await first;
    t.advance(499);
    expect(String(await t.ask())).toBe('overlap shown');
    t.advance(1);
    await computes(t, 'overlap over');
  });

  it('keeps no answer larger than an eighth of its bytes, and leaves other operations alone', async () => {
    const t = setUp(8 * 1024);
    const large = t.ask();
    await settle();
    t.runs[0]!.resolve(Buffer.alloc(1024));
    await large;
    await computes(t, 'small'); // the large one was not kept
    const check = { ...t.operation, rootFields: ['authorizeToken'] };
    expect(t.answers.remembering(check)).toBe(check);
    const fragments = { ...t.operation, rootFields: null };
    expect(t.answers.remembering(fragments)).toBe(fragments);
  });

  it('reads no version for a query the limits refuse (nothing ran), and then computes the next one', async () => {
    const t = setUp();
    const refusing = { ...t.operation, run: async () => undefined };
    const remembering = t.answers.remembering(refusing);
    const context = new GraphQLContext(() => { throw new Error('no entity manager here'); }, new Principal('alice', 'org', []), { clock: () => 0 } as unknown as Domain);
    expect(await remembering.run(context, undefined)).toBeUndefined();
    expect(await remembering.run(context, undefined)).toBeUndefined();
    expect(t.reads.versions).toBe(0);
    expect(t.counts).toEqual({ remembered: 0, computed: 2 });
  });

  it('keeps apart roles that would read alike joined (a role with a space in it)', async () => {
    const t = setUp();
    await computes(t, 'admin page');
    const admin = t.ask('alice', undefined, ['organization_admin', 'x']);
    await settle();
    t.runs[1]!.resolve(body('admin page, with x'));
    await admin;
    const other = t.ask('alice', undefined, ['organization_admin x']);
    await settle();
    expect(t.runs).toHaveLength(3);
    t.runs[2]!.resolve(body('not an admin'));
    expect(String(await other)).toBe('not an admin');
  });

  it('computes and keeps nothing while the version cannot be read, and remembers again once it can', async () => {
    const t = setUp();
    await computes(t, 'one');
    t.storeDown(true);
    await computes(t, 'computed while down');
    await computes(t, 'still computed');
    t.storeDown(false);
    await computes(t, 'computed again');
    expect(String(await t.ask())).toBe('computed again');
  });
});
