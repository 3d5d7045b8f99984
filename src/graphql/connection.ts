import type { ClassType } from 'type-graphql';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { badUserInput } from '../core/errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgsInput {
  @Field(() => Int, { nullable: true, description: `Page size, 0 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}.` }) first?: number | null;
  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null;
}

/** Validated forward-pagination arguments; `after` is the internal id of the last row seen. */
export interface PageArgs {
  first: number;
  after: string | null;
}

const CURSOR_PREFIX = 'c1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Keyset cursors: opaque, and stable while rows are added or removed. */
export const encodeCursor = (id: string): string => Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');

export function pageArgs(first: number | null | undefined, after: string | null | undefined): PageArgs {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  if (after === null || after === undefined) return { first: size, after: null };
  const decoded = Buffer.from(after, 'base64url').toString('utf8');
  const id = decoded.slice(CURSOR_PREFIX.length);
  if (!decoded.startsWith(CURSOR_PREFIX) || !UUID.test(id)) throw badUserInput('after is not a cursor of this list', 'after');
  return { first: size, after: id };
}

/** One page of rows, fetched with one extra row to know whether another page follows. */
export interface Page<T extends { id: string }> {
  rows: T[];
  hasNextPage: boolean;
  hadCursor: boolean;
}

export function toPage<T extends { id: string }>(fetched: T[], args: PageArgs): Page<T> {
  return { rows: fetched.slice(0, args.first), hasNextPage: fetched.length > args.first, hadCursor: args.after !== null };
}

export interface ConnectionShape<TNode extends object> {
  edges: { cursor: string; node: TNode }[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/** Builds the Relay connection and edge types for a node type. */
export function ConnectionType<TNode extends object>(name: string, nodeType: ClassType<TNode>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => nodeType) node!: TNode;
  }

  @ObjectType(`${name}Connection`)
  class Connection implements ConnectionShape<TNode> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    /** Counted only when asked for. */
    countAll!: () => Promise<number>;

    @Field(() => Int, { description: 'All items of the list, across pages.' })
    totalCount(): Promise<number> {
      return this.countAll();
    }

    static from<TRow extends { id: string }>(page: Page<TRow>, toNode: (row: TRow) => TNode, countAll: () => Promise<number>) {
      const edges = page.rows.map((row) => Object.assign(new Edge(), { cursor: encodeCursor(row.id), node: toNode(row) }));
      const pageInfo = Object.assign(new PageInfo(), {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hadCursor,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      });
      return Object.assign(new Connection(), { edges, pageInfo, countAll });
    }
  }
  return Connection;
}
