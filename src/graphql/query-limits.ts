import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { getNamedType, getNullableType, getOperationAST, isCompositeType, getVariableValues, GraphQLError, GraphQLList, Kind, validate, visit, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import * as complexityBuild from 'graphql-query-complexity/cjs';
import { ErrorCode } from '../core/errors.js';
import { DEFAULT_PAGE_SIZE } from '../core/pages.js';

// Its CommonJS build: the ESM one imports graphql's .mjs files, a second copy of graphql beside the
// one the schema is built with. How the build's exports show through `import * as` differs: Node
// names only some of them and gives them all as the default export, vitest and the bundle
// (scripts/bundle.ts) name them all. Whichever holds both is taken.
type Complexity = typeof import('graphql-query-complexity');
const complexityExports = [(complexityBuild as unknown as { default?: Complexity }).default, complexityBuild as unknown as Complexity].find(
  (candidate) => typeof candidate?.getComplexity === 'function' && typeof candidate.simpleEstimator === 'function',
)!;
const { getComplexity, simpleEstimator } = complexityExports;

/** How big a query may be; each is a setting (docs/configuration.md). */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens of the document (enforced by the parser itself). */
  maxTokens: number;
  /** Fields counted once each, times the page size of every list they are in (see listCost). */
  maxCost: number;
  /** Operations costing at least this much are heavy: at most `heavyConcurrency` of them run at once, the others wait their turn. */
  heavyCost: number;
  heavyConcurrency: number;
  /** Heavy operations that may wait at once, of one organization all but a quarter (at least 1); one more is refused with SERVER_BUSY. */
  heavyMaxWaiting: number;
}

/**
 * Defaults that the playground's examples, a console page of 50 environments with nested clients,
 * `_entities` with 100 representations, introspection and the gateways' calls all stay within.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxDirectives: 30, maxTokens: 10_000, maxCost: 25_000, heavyCost: 1_000, heavyConcurrency: 2, heavyMaxWaiting: 100 };

/** A list field without a page size (e.g. `clientProviders`) is counted as this many items. */
const UNPAGED_LIST_ITEMS = 10;

/** A refused query: HTTP 400, a stable code, and which limit it broke. */
const queryTooComplex = (limit: string, message: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, http: { status: 400 } } });

/** Too many heavy operations already waiting: HTTP 503, to be tried again in a second. */
const serverBusy = () =>
  new GraphQLError('The server is busy with other large queries; try again shortly, or ask for smaller pages', {
    extensions: { code: ErrorCode.SERVER_BUSY, http: { status: 503, headers: new HeaderMap([['retry-after', '1']]) } },
  });

/** A query whose cost cannot be counted: an argument refused where the count needs its value. HTTP 400, nothing run. */
const uncountable = (message: string) =>
  new GraphQLError(`The query's cost cannot be counted, so it was not run: ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });

/**
 * Selections the cost counter visits at most, fragments spread each time they are (a fragment spread
 * twice in a fragment spread twice… doubles them at each level while staying short). A query past
 * it is refused as too costly.
 */
const MAX_COUNTED_SELECTIONS = 10_000;

/** The page-size arguments: `last` reads as many items as `first`. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last'];

/**
 * A field costs 1 plus what it selects, times the items it can return: `first` or `last` (the
 * larger if both are given, or the default page size) for connections, the number of
 * representations for `_entities`, a fixed count for other lists. So a page of 50 environments each
 * with 10 clients costs what it fetches, whichever way it is read.
 */
const listCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0; // introspection: bounded by the schema, not by the caller
  if (type.name.endsWith('Connection')) return 1 + childComplexity; // its edges: counted by the connection's first or last
  const sizes = PAGE_SIZE_ARGUMENTS.map((name) => args[name]).filter((size): size is number => typeof size === 'number');
  // Each object costs at least 1, even when it selects only what costs nothing (`__typename`): it
  // is still read. A list of plain values (`scopes`) comes with its row: it costs 1 as a whole.
  const each = isCompositeType(getNamedType(field.type)) ? Math.max(1, childComplexity) : childComplexity;
  if (sizes.length > 0) return 1 + each * Math.max(1, ...sizes);
  if (field.args.some((arg) => PAGE_SIZE_ARGUMENTS.includes(arg.name))) return 1 + each * DEFAULT_PAGE_SIZE;
  if (getNullableType(field.type) instanceof GraphQLList) {
    const items = Array.isArray(args.representations) ? args.representations.length : UNPAGED_LIST_ITEMS;
    return 1 + each * Math.max(1, items);
  }
  return undefined; // the next estimator counts it as 1
};

/**
 * Refuses, before any resolver runs, a query deeper, with more aliases or directives, or costlier
 * than allowed (GraphQL Armor's rules for the shape, graphql-query-complexity for the cost), and
 * makes heavy operations take turns. The token limit is the parser's (Apollo's parseOptions),
 * answered with the same code by formatError. One limiter serves both request paths: Apollo
 * Server's (queryLimitsPlugin) and that of operations already prepared (compiled-execution.ts).
 */
export class QueryLimiter {
  private readonly shapeRules: [string, ValidationRule][];
  // The shape of a document does not change: judged once per parsed document (Apollo caches those).
  private readonly shapeVerdicts = new WeakMap<DocumentNode, GraphQLError | null>();
  private readonly heavyTurns: Turns;

  constructor(private readonly limits: QueryLimits) {
    this.shapeRules = [
      ['depth', maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, exposeLimits: true }) as unknown as ValidationRule],
      ['aliases', maxAliasesRule({ n: limits.maxAliases, exposeLimits: true }) as unknown as ValidationRule],
      ['directives', maxDirectivesRule({ n: limits.maxDirectives, exposeLimits: true }) as unknown as ValidationRule],
    ];
    this.heavyTurns = new Turns(limits.heavyConcurrency, limits.heavyMaxWaiting, Math.max(1, limits.heavyMaxWaiting - Math.ceil(limits.heavyMaxWaiting / KEPT_FOR_OTHERS)));
  }

  /**
   * Judges an operation about to run: throws QUERY_TOO_COMPLEX or SERVER_BUSY. A heavy one waits
   * for its turn and resolves with the function that ends it (to be called once it has answered);
   * a light one resolves at once with undefined. `context` is the request's: its caller's
   * organization may hold only its share of the waiting places.
   */
  async admit(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
    context?: object,
  ): Promise<(() => void) | undefined> {
    let verdict = this.shapeVerdicts.get(document);
    if (verdict === undefined) {
      verdict = null;
      for (const [limit, rule] of this.shapeRules) {
        const [error] = validateThrowing(schema, document, rule);
        if (error) {
          verdict = queryTooComplex(limit, error.message.replace(/^Syntax Error: /, ''));
          break;
        }
      }
      this.shapeVerdicts.set(document, verdict);
    }
    if (verdict) throw verdict;
    // No operation of that name (or none named in a document of several): nothing runs, execution refuses it.
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) return undefined;
    const costs = costsOf(document);
    const key = costKey(costs, operationName, variables);
    let cost = costs.byKey.get(key);
    if (cost === undefined) {
      // Variables that do not fit their types: execution refuses them as BAD_USER_INPUT before any resolver runs.
      if (getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}).errors) return undefined;
      try {
        cost = getComplexity({
          schema,
          query: document,
          operationName: operationName ?? undefined,
          variables: variables ?? {},
          estimators: [listCost, simpleEstimator({ defaultComplexity: 1 })],
          maxQueryNodes: MAX_COUNTED_SELECTIONS,
        });
      } catch (error) {
        // Anything else the counter could not count is refused, never let through uncounted: past
        // its selections (fragments spread over and over), or an argument it could not read (a null
        // for a required one, which execution would refuse only for its own field, running the rest).
        if (!(error instanceof GraphQLError)) throw error;
        if (/maximum allowed number of nodes/.test(error.message)) {
          throw queryTooComplex('cost', `The query selects more than ${MAX_COUNTED_SELECTIONS} fields once its fragments are spread; ask for less`);
        }
        throw uncountable(error.message);
      }
      if (costs.byKey.size >= COSTS_PER_DOCUMENT) costs.byKey.clear();
      costs.byKey.set(key, cost);
    }
    if (cost > this.limits.maxCost) {
      throw queryTooComplex('cost', `The query costs ${cost}, more than the ${this.limits.maxCost} allowed (each field counts once for every item of the lists it is in); ask for smaller pages`);
    }
    if (cost < this.limits.heavyCost) return undefined;
    // Heavy pages take turns: what is in flight at once stays bounded (memory, garbage
    // collection), and light operations (a gateway's check) never wait behind them.
    const turn = this.heavyTurns.take(organizationOf(context));
    if (!turn) throw serverBusy();
    return turn;
  }
}

/**
 * The limiter in Apollo Server's request pipeline: judged once the operation is known, a heavy
 * one's turn ended when it answers. `ranAhead` names the requests whose operation has already run
 * within the limits (a prepared query handed to Apollo with its result): not judged again, so a
 * heavy one does not wait for a second turn only to be answered with what it already has.
 */
export function queryLimitsPlugin<Context extends object>(limiter: QueryLimiter, ranAhead: (context: Context) => boolean = () => false): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (ranAhead(contextValue)) return {};
      let endTurn: (() => void) | undefined;
      let responded = false;
      return {
        async willSendResponse() {
          responded = true;
          endTurn?.();
        },
        async didResolveOperation({ request, document, schema }) {
          endTurn = await limiter.admit(schema, document, request.operationName, request.variables, contextValue);
          if (responded) endTurn?.(); // answered while it waited (another plugin refused it): the turn passes on
        },
      };
    },
  };
}

/**
 * A document's cost depends, of its variables, only on those given as `first` or `last` (their
 * value), `representations` (their length) or the `if` of `@skip` and `@include` (what is counted
 * at all): computed once per document and such values, not per request.
 */
const COSTS_PER_DOCUMENT = 100;
interface DocumentCosts {
  inputs: { name: string; length: boolean }[];
  byKey: Map<string, number>;
}
const documentCosts = new WeakMap<DocumentNode, DocumentCosts>();

function costsOf(document: DocumentNode): DocumentCosts {
  let costs = documentCosts.get(document);
  if (!costs) {
    // Each variable once, however often it is used.
    const inputs = new Map<string, DocumentCosts['inputs'][number]>();
    visit(document, {
      Field(node) {
        for (const { name, value } of node.arguments ?? []) {
          const length = name.value === 'representations';
          if ((length || PAGE_SIZE_ARGUMENTS.includes(name.value)) && value.kind === Kind.VARIABLE) inputs.set(`${value.name.value}:${length}`, { name: value.name.value, length });
        }
      },
      Directive(node) {
        if (node.name.value !== 'skip' && node.name.value !== 'include') return;
        for (const { value } of node.arguments ?? []) {
          if (value.kind === Kind.VARIABLE) inputs.set(`${value.name.value}:false`, { name: value.name.value, length: false });
        }
      },
    });
    costs = { inputs: [...inputs.values()], byKey: new Map() };
    documentCosts.set(document, costs);
  }
  return costs;
}

function costKey(costs: DocumentCosts, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string {
  const values = costs.inputs.map(({ name, length }) => {
    const value = variables?.[name];
    return length ? (Array.isArray(value) ? value.length : null) : (value ?? null);
  });
  return JSON.stringify([operationName ?? null, values]);
}

/** GraphQL Armor's rules throw their refusal (propagateOnRejection) rather than report it. */
function validateThrowing(schema: Parameters<typeof validate>[0], document: DocumentNode, rule: ValidationRule): readonly GraphQLError[] {
  try {
    return validate(schema, document, [rule]);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
}

/** The parser's own refusal of a document with too many tokens (graphql-js maxTokens). */
export const isTokenLimitError = (message: string): boolean => /^Syntax Error: Document contains more that \d+ tokens/.test(message);

/**
 * Of the waiting places of heavy operations, this fraction (1 / 4, rounded up) is kept from any one
 * organization: one organization's console under load may use the rest, and another's pages still get in.
 */
const KEPT_FOR_OTHERS = 4;

/** The organization of a request's caller ('' for none), from its GraphQL context. */
const organizationOf = (context: object | undefined): string => (context as { caller?: { org?: string } | null } | undefined)?.caller?.org ?? '';

/**
 * At most `size` holders at once; up to `maxWaiting` others wait in arrival order, at most
 * `maxWaitingEach` of them for one party (an organization), so that one cannot fill the queue and
 * have every other's heavy operations refused.
 */
class Turns {
  private holders = 0;
  private readonly waiting: { party: string; go: () => void }[] = [];

  constructor(
    private readonly size: number,
    private readonly maxWaiting: number,
    private readonly maxWaitingEach: number,
  ) {}

  /** Resolves with the function that ends this turn (once); undefined, at once, when too many wait already (of all, or of this party). */
  take(party: string): Promise<() => void> | undefined {
    if (this.holders < this.size) {
      this.holders++;
      return Promise.resolve(this.turn());
    }
    if (this.waiting.length >= this.maxWaiting) return undefined;
    // Counted when the queue is not empty only, and it holds at most maxWaiting.
    if (this.waiting.filter((waiter) => waiter.party === party).length >= this.maxWaitingEach) return undefined;
    // The holder count passes on unchanged from the turn that ends to this one.
    return new Promise<void>((go) => this.waiting.push({ party, go })).then(() => this.turn());
  }

  private turn(): () => void {
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const next = this.waiting.shift();
      if (next) next.go();
      else this.holders--;
    };
  }
}
