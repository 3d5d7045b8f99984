import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
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
  @Field(() => Int, { nullable: true, description: `The first items after \`after\` (or from the start): 0 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}. Not with \`last\`.` })
  first?: number | null;
  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page: the items after it.' }) after?: string | null;
  @Field(() => Int, {
    nullable: true,
    description: `The last items before \`before\` (or up to the end), in the list's order: 0 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE} with \`before\`. Not with \`first\`.`,
  })
  last?: number | null;
  @Field(() => String, { nullable: true, description: 'The startCursor of the next page: the items before it.' }) before?: string | null;
}

/**
 * Page arguments as given, checked (Relay): `first` reads forward, `last` (or `before` alone)
 * backward; both cursors bound the list. Both sizes, a bad size or a cursor of another list is BAD_USER_INPUT.
 */
export function pageArgs({ first, after, last, before }: PageArgsInput): PageArgs {
  const given = (value: number | null | undefined): value is number => value !== null && value !== undefined;
  if (given(first) && given(last)) throw badUserInput('Give first or last, not both: first reads forward from after, last backward from before', 'last');
  const backward = given(last) || (!given(first) && before !== null && before !== undefined);
  const argument = backward ? 'last' : 'first';
  const size = (backward ? last : first) ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`${argument} must be between 0 and ${MAX_PAGE_SIZE}`, argument);
  }
  return { size, backward, after: cursor(after, 'after'), before: cursor(before, 'before') };
}

function cursor(value: string | null | undefined, argument: 'after' | 'before'): string | null {
  if (value === null || value === undefined) return null;
  const id = decodeCursor(value);
  if (!id) throw badUserInput(`${argument} is not a cursor of this list`, argument);
  return id;
}

/**
 * A connection's count, started at once when the selection asks for `totalCount` (directly or in a
 * fragment), so its statement runs beside the page's on another read connection instead of after
 * it; otherwise run only if asked. A count that fails is reported by `totalCount`, not twice.
 * Directives are not evaluated: a `totalCount` under `@include(if: false)` is counted for nothing.
 */
export function countFor(info: GraphQLResolveInfo, count: () => Promise<number>): () => Promise<number> {
  if (!info.fieldNodes.some((node) => selects(node.selectionSet, 'totalCount', info))) return count;
  const started = count();
  started.catch(() => undefined);
  return () => started;
}

function selects(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo): boolean {
  return (set?.selections ?? []).some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === field;
    if (selection.kind === Kind.INLINE_FRAGMENT) return selects(selection.selectionSet, field, info);
    return selects(info.fragments[selection.name.value]?.selectionSet, field, info);
  });
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
      const edges = page.rows.map((row) => {
        const edge = new Edge();
        edge.cursor = encodeCursor(row.id);
        edge.node = toNode(row);
        return edge;
      });
      const pageInfo = Object.assign(new PageInfo(), {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      });
      return Object.assign(new Connection(), { edges, pageInfo, countAll });
    }
  }
  return Connection;
}
