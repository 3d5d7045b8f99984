import type { ClassType } from 'type-graphql';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, decodeCursor, encodeCursor, type Page, type PageArgs } from '../core/pages.js';
import { badUserInput } from './errors.js';

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

/** Page arguments as given, checked: a bad size or a cursor of another list is BAD_USER_INPUT. */
export function pageArgs(first: number | null | undefined, after: string | null | undefined): PageArgs {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  if (after === null || after === undefined) return { first: size, after: null };
  const id = decodeCursor(after);
  if (!id) throw badUserInput('after is not a cursor of this list', 'after');
  return { first: size, after: id };
}

/** Builds the Relay connection and edge types for a node type. */
export function ConnectionType<TNode extends object>(name: string, nodeType: ClassType<TNode>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => nodeType) node!: TNode;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
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
