import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { mapSchema } from '@graphql-tools/utils';
import { execute, GraphQLError, Kind, type DocumentNode, type ExecutionResult, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { QueryLimiter } from './query-limits.js';

/**
 * Documents whose operations are kept compiled (least recently sent dropped first, compiled again
 * if sent again): compiled code stays bounded whatever documents callers send. The console's and
 * the portal's pages and the gateways' checks are a few dozen.
 */
const MAX_COMPILED_DOCUMENTS = 100;

/** Runs of an operation by graphql-js before it is compiled, unless configured (GRAPHQL_COMPILE_AFTER_RUNS). */
export const DEFAULT_COMPILE_AFTER_RUNS = 1;

/** Characters of query text kept for prepared queries at most (a console page's document is some 1,500). */
const MAX_PREPARED_TEXT = 2_000_000;

export interface CompiledExecutionOptions {
  /** Runs of an operation by graphql-js before it is compiled (as Mercurius's `jit` option); 0: compiled at once; null: never; absent: the default. */
  compileAfterRuns?: number | null;
  /** Called when an operation has been compiled (a metric). */
  onCompiled?: () => void;
  /** The query limits, judged again for every run of a prepared operation. */
  limiter: QueryLimiter;
}

/**
 * A query that Apollo Server has run compiled: its text parsed and validated, its operation
 * admitted by the query limits and named. Sent again with the same text and operation name, it
 * can be run without Apollo's per-request pipeline (http/graphql-endpoint.ts).
 */
export interface PreparedOperation {
  /** The query's text, as sent. */
  readonly text: string;
  /** The operation name the request gave (undefined: none). */
  readonly requestedName: string | undefined;
  /** The operation's name for the request's log line (the document's, when the request names none). */
  readonly name: string | undefined;
  /** The names of the fields the operation selects on Query; null when its root selection spreads fragments. */
  readonly rootFields: readonly string[] | null;
  /**
   * Runs it for one request: the query limits judged for these variables (a heavy page takes its
   * turn), then the compiled function. Resolves with the answer's body, as Apollo Server writes a
   * single result (`{"data":…}` and a newline, UTF-8), when the run raised no error.
   * Otherwise with undefined, and the request is then Apollo's to answer: a run that raised errors
   * is not run again, its result is kept for this context and the executor answers with it, so
   * Apollo formats, records and logs its errors as for any other; a refusal of the limits or of
   * the variables happened before any resolver ran, and Apollo makes it again. `beforeRun` is
   * awaited once the query is admitted, before it runs (nothing is read for a refused query).
   */
  run(context: object, variables: Record<string, unknown> | undefined, beforeRun?: () => Promise<void>): Promise<Buffer | undefined>;
}

export interface CompiledExecution {
  /** The executor, for Apollo Server's `gateway` option. */
  gateway: GatewayInterface;
  /** The operation of this text and requested name (undefined: none requested), if Apollo has run it compiled and it is a query; undefined otherwise. */
  prepared(query: string, operationName: string | undefined): PreparedOperation | undefined;
  /** Whether this request's context carries a prepared run's result for Apollo to answer with: it ran within the query limits already. */
  ranAhead(context: object): boolean;
}

/**
 * Execution by graphql-jit: an operation that is sent again (the console's pages, a gateway's
 * check) is compiled once into a function of its own and run by it from then on; graphql-js runs
 * everything else. A field read from a property is then a property read, not a call with a resolve
 * info, and the types of a page are checked when it is compiled, not for every object of it.
 *
 * Served to Apollo Server through its gateway interface, its one place for another executor:
 * Apollo still parses, validates, runs the plugins (query limits, the request log) and formats the
 * errors; only execution is replaced. graphql-js stays the reference:
 * - the first run of an operation is graphql-js's, so a caller who sends a new document with every
 *   request never makes the server compile (compiling costs more than running once);
 * - an operation graphql-jit does not compile is always run by graphql-js;
 * - a request refused before anything ran (variables that do not fit their types) is answered by
 *   graphql-js, whose errors Apollo recognises as BAD_USER_INPUT;
 * - a request for an inline trace (`apollo-federation-include-trace: ftv1`, from a gateway that
 *   reports usage) is run by graphql-js, through the resolvers Apollo instruments for it.
 */
export function compiledExecution(schema: GraphQLSchema, options: CompiledExecutionOptions): CompiledExecution {
  const { compileAfterRuns = DEFAULT_COMPILE_AFTER_RUNS, onCompiled, limiter } = options;
  // Compiled against a copy of the schema (the same resolvers, other type objects): Apollo wraps
  // the resolvers of its own schema in place for the first traced request, and compiled functions
  // must not take those wrappers up (every field would become a call).
  const compileSchema = mapSchema(schema, {});
  // By document, then by operation name: runs by graphql-js so far (as long as Apollo's document
  // cache keeps the document); the compiled form (null: graphql-jit refused it).
  const runs = new WeakMap<DocumentNode, Map<string, number>>();
  const compiledOperations = new LRUCache<DocumentNode, Map<string, CompiledQuery | null>>({ max: MAX_COMPILED_DOCUMENTS });

  /** The compiled operation, once it has been run often enough; undefined until then (or never). */
  function compiled(document: DocumentNode, operationName: string | undefined): CompiledQuery | undefined {
    if (compileAfterRuns === null) return undefined;
    const key = operationName ?? '';
    const done = compiledOperations.get(document)?.get(key);
    if (done !== undefined) return done ?? undefined;
    let counts = runs.get(document);
    if (!counts) runs.set(document, (counts = new Map()));
    const count = counts.get(key) ?? 0;
    if (count < compileAfterRuns) {
      counts.set(key, count + 1);
      return undefined;
    }
    // A copy of the document: graphql-jit notes @include/@skip conditions on the nodes it compiles,
    // and the document is Apollo's, shared by every request and operation that sends it.
    // Without customJSONSerializer: the bundle leaves out what it needs (scripts/bundle.ts).
    let query: CompiledQuery | ExecutionResult | undefined;
    try {
      query = compileQuery(compileSchema, copyOfNodes(document), operationName, {
        disablingCapturingStackErrors: true,
        // Conditions by path, so a fragment spread in two places with different conditions keeps each.
        useExperimentalPathBasedSkipInclude: true,
      });
    } catch {
      query = undefined; // what graphql-jit cannot compile, graphql-js runs, every time
    }
    let byName = compiledOperations.get(document);
    if (!byName) compiledOperations.set(document, (byName = new Map()));
    if (!query || !isCompiledQuery(query)) {
      byName.set(key, null);
      return undefined;
    }
    byName.set(key, query);
    onCompiled?.();
    return query;
  }

  // By query text, then by the operation name requested (undefined for none; '' names no
  // operation): the queries run compiled, as many texts as documents are kept compiled and at most
  // MAX_PREPARED_TEXT characters of them.
  const prepared = new LRUCache<string, Map<string | undefined, PreparedOperation>>({
    max: MAX_COMPILED_DOCUMENTS,
    maxSize: MAX_PREPARED_TEXT,
    sizeCalculation: (_byName, text) => Math.max(1, text.length),
  });

  function prepare(text: string, requestedName: string | undefined, document: DocumentNode, operation: OperationDefinitionNode, query: CompiledQuery): void {
    let byName = prepared.get(text);
    if (!byName) prepared.set(text, (byName = new Map()));
    if (byName.has(requestedName)) return;
    const selections = operation.selectionSet.selections;
    byName.set(requestedName, {
      text,
      requestedName,
      name: operation.name?.value,
      rootFields: selections.every((selection) => selection.kind === Kind.FIELD) ? selections.map((selection) => (selection as FieldNode).name.value) : null,
      async run(context, variables, beforeRun) {
        let endTurn: (() => void) | undefined;
        try {
          endTurn = await limiter.admit(schema, document, requestedName, variables, context);
        } catch {
          return undefined; // refused (too costly for these variables, or too many heavy ones waiting): Apollo judges again and answers
        }
        let result: ExecutionResult;
        try {
          await beforeRun?.();
          result = await query.query(undefined, context, variables ?? {});
        } finally {
          endTurn?.();
        }
        if (!('data' in result)) return undefined; // the variables were refused, before any resolver ran
        if (!result.errors) return Buffer.from(JSON.stringify({ data: result.data }) + '\n', 'utf8');
        Object.assign(context, { [RAN_AHEAD]: { query: text, operationName: requestedName, result } satisfies RanAhead });
        return undefined;
      },
    });
  }

  const executor: GatewayExecutor = async ({ document, operationName, operation, source, request, context }) => {
    const variableValues = request.variables ?? {};
    const ahead = (context as { [RAN_AHEAD]?: RanAhead })[RAN_AHEAD];
    if (ahead && ahead.query === source && ahead.operationName === (request.operationName ?? undefined)) return withGraphQLErrors(ahead.result);
    // No operation of the name requested (or none named in a document of several): graphql-js
    // refuses it with its own message, for the name as the request gave it.
    if (!operation) return execute({ schema, document, operationName: request.operationName, variableValues, contextValue: context });
    const traced = request.http?.headers.get('apollo-federation-include-trace') === 'ftv1';
    const query = traced ? undefined : compiled(document, operationName ?? undefined);
    if (query) {
      if (operation.operation === 'query') prepare(source, request.operationName ?? undefined, document, operation, query);
      const result = await query.query(undefined, context, variableValues);
      // Without data only when the variables were refused, before any resolver ran.
      if ('data' in result) return withGraphQLErrors(result);
    }
    return execute({ schema, document, operationName, variableValues, contextValue: context });
  };

  return {
    gateway: {
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema: schema, coreSupergraphSdl: '' });
        return () => undefined;
      },
      load: async () => ({ executor }),
      stop: async () => undefined,
    },
    prepared: (query, operationName) => prepared.get(query)?.get(operationName),
    ranAhead: (context) => (context as { [RAN_AHEAD]?: RanAhead })[RAN_AHEAD] !== undefined,
  };
}

/**
 * A copy of a document's nodes, each location shared with the original rather than copied: a
 * location links every token of the document to the next, and a deep copy that follows those links
 * (structuredClone) overflows the stack on a document of a couple of thousand tokens, well within
 * the token limit. Nodes nest only as deep as the query does.
 */
function copyOfNodes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyOfNodes) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) copy[key] = key === 'loc' ? child : copyOfNodes(child);
  return copy as T;
}

/**
 * A prepared run's result left to Apollo with its errors, kept on the request's context under this
 * key: Apollo hands the executor a shallow copy of the context it was given, which keeps it.
 */
const RAN_AHEAD = Symbol('ranAhead');
interface RanAhead {
  query: string;
  operationName: string | undefined;
  result: ExecutionResult;
}

/** A compiled run's result with its errors as graphql-js would have raised them. */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
}

/**
 * A compiled run's error as graphql-js would have raised it: graphql-jit gives an error extensions
 * only when the error thrown had some, and Apollo reads every error's `extensions.code` (a fault
 * without them lost its path and skipped formatError).
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions ?? undefined });
  return Object.assign(converted, { locations: error.locations });
}
