import { LRUCache } from 'lru-cache';
import type { PreparedOperation } from './compiled-execution.js';
import { GraphQLContext } from './context.js';

/**
 * The Query fields whose answers depend on nothing but the rows of the caller's organization that
 * the data version covers (entities/data-version.entity.ts), the caller, the variables and the
 * clock (noted through GraphQLContext.readTime). Not the gateways' checks (`authorizeToken`,
 * `verifyClientCredentials`): they ask IdPs and have caches of their own, with their own rules.
 */
const REMEMBERED_FIELDS: ReadonlySet<string> = new Set(['environments', 'environment', 'clientProviders', 'clientProvider', 'clients', 'client', 'node', 'auditEvents', '__typename']);

/** Bytes of remembered answers kept unless configured (REMEMBERED_ANSWERS_MAX_BYTES): some 160 console pages. */
export const DEFAULT_REMEMBERED_ANSWERS_BYTES = 32 * 1024 * 1024;

/** The largest answer kept, as a share of the whole budget: one answer never takes all of it. */
const LARGEST_SHARE = 8;

export interface RememberedAnswersOptions {
  /** Bytes of answers (and their keys) kept at most; least recently used dropped first. */
  maxBytes: number;
  /** The organization's data version, read from the store for every answer given. */
  versionOf(org: string): Promise<string>;
  /** Called once per answer: whether it was remembered (a metric). */
  onAnswer?(remembered: boolean): void;
}

interface Computing {
  version: Promise<string | undefined>;
  body: Promise<Buffer | undefined>;
  /** Once computed: the first moment its answer changes by time alone. */
  until: number;
}

/** Buffers smaller than this are slices of Node's shared allocation pool (Buffer.poolSize >>> 1). */
const SHARED_POOL_SLICE = Buffer.poolSize >>> 1;

function copy(body: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(body.length);
  body.copy(own);
  return own;
}

interface Remembered {
  version: string;
  body: Buffer;
  /** The first moment the answer changes by time alone (ms on the domain's clock). */
  until: number;
}

/**
 * Answers to the console's and the portal's pages, remembered until the organization's data
 * changes. A prepared read (compiled-execution.ts) sent again by the same caller (organization,
 * subject and roles) with the same text, operation name and variables is answered with the bytes
 * of its last answer when the organization's data version is still the one read before that
 * answer was computed, and the clock has not reached a moment at which the answer changes by time
 * alone (a rotated-out secret's overlap ending). The version is read from the store for every
 * request (one indexed row), never trusted from memory: a write by any replica, background pass or
 * hand in the database raises it in its own transaction, so no replica serves an answer older
 * than the last commit it could have read. Read before the answer is computed (once the query
 * limits have admitted it: a refused query reads nothing), the version an answer is kept under is
 * never newer than what the answer shows, so a write that commits while it is computed makes the
 * next request compute it again.
 *
 * A request that arrives while the same one is being computed at the same version waits for that
 * answer instead of computing it again. Only answers without errors are kept or shared; a request
 * that raises errors, is refused or has no caller goes on as before. The bearer token is verified
 * for every request, remembered or not.
 */
export class RememberedAnswers {
  private readonly answers: LRUCache<string, Remembered>;
  private readonly wrapped = new WeakMap<PreparedOperation, PreparedOperation>();
  /** Answers being computed, by key, with the version read before each (undefined: none, it was refused). */
  private readonly computing = new Map<string, Computing>();

  constructor(private readonly options: RememberedAnswersOptions) {
    this.answers = new LRUCache<string, Remembered>({
      maxSize: options.maxBytes,
      maxEntrySize: Math.floor(options.maxBytes / LARGEST_SHARE),
      // Keys hold the query's text: counted too (two bytes a character).
      sizeCalculation: (answer, key) => answer.body.length + key.length * 2 + 64,
    });
  }

  /** The operation, answered from memory where it may be; itself when it reads anything else. */
  remembering(operation: PreparedOperation): PreparedOperation {
    if (!operation.rootFields?.every((field) => REMEMBERED_FIELDS.has(field))) return operation;
    let remembering = this.wrapped.get(operation);
    if (!remembering) this.wrapped.set(operation, (remembering = { ...operation, run: (context, variables) => this.answer(operation, context, variables) }));
    return remembering;
  }

  /** The organization's data version; undefined when it cannot be read (the answer is then computed and not kept). */
  private async versionOf(org: string): Promise<string | undefined> {
    try {
      return await this.options.versionOf(org);
    } catch {
      return undefined;
    }
  }

  private async answer(operation: PreparedOperation, context: object, variables: Record<string, unknown> | undefined): Promise<Buffer | undefined> {
    if (!(context instanceof GraphQLContext) || !context.caller) return operation.run(context, variables);
    const { org, sub, roles } = context.caller;
    // As JSON: no two callers, names or variables can spell the same key.
    const key = JSON.stringify([org, sub, [...roles].sort(), operation.requestedName ?? null, variables ?? {}, operation.text]);
    const remembered = this.answers.get(key);
    const pending = this.computing.get(key);
    // Remembered or being computed, this request was admitted by the query limits before; anything
    // else is admitted first, so a refused query reads nothing, not even the version.
    const known = remembered || pending ? await this.versionOf(org) : undefined;
    const recalled = known !== undefined && (await this.recall(known, context.domain.clock(), remembered, pending));
    if (recalled) {
      this.options.onAnswer?.(true);
      return recalled;
    }
    return this.compute(key, operation, context, variables, org, known);
  }

  /** The remembered answer at this version, or the one being computed at it (fifty consoles after a write), while it holds. */
  private async recall(version: string, now: number, remembered: Remembered | undefined, pending: Computing | undefined): Promise<Buffer | undefined> {
    if (remembered?.version === version && now < remembered.until) return remembered.body;
    if (!pending || (await pending.version) !== version) return undefined;
    const shared = await pending.body.catch(() => undefined);
    return shared && now < pending.until ? shared : undefined;
  }

  /** Computes the answer, shared with whoever asks the same meanwhile, and keeps it under the version read before it ran. */
  private async compute(key: string, operation: PreparedOperation, context: GraphQLContext, variables: Record<string, unknown> | undefined, org: string, known: string | undefined): Promise<Buffer | undefined> {
    let version: string | undefined;
    let versionRead!: (version: string | undefined) => void;
    const computing: Computing = { version: new Promise((resolve) => (versionRead = resolve)), body: Promise.resolve(undefined), until: Infinity };
    // The version read once the query is admitted (or before, to recall), before it runs: never newer than what it shows.
    computing.body = operation
      .run(context, variables, async () => {
        version = known ?? (await this.versionOf(org));
        versionRead(version);
      })
      .then((body) => {
        computing.until = context.changesAt;
        return body;
      });
    this.computing.set(key, computing);
    try {
      const body = await computing.body;
      this.options.onAnswer?.(false);
      // A small answer is a slice of Node's shared 8 kB pool, which it would keep whole: kept as a copy of its own.
      if (body && version !== undefined) this.answers.set(key, { version, body: body.length < SHARED_POOL_SLICE ? copy(body) : body, until: computing.until });
      return body;
    } finally {
      versionRead(undefined); // refused, or the version could not be read: nobody waits for it
      if (this.computing.get(key) === computing) this.computing.delete(key);
    }
  }
}
