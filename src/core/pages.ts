/**
 * Keyset pagination: ids are time-ordered UUIDs, so a page after a cursor is simply id > cursor,
 * and a page before one is id < cursor read in descending order.
 */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * Validated pagination arguments. `after` and `before` are internal ids (exclusive bounds of the
 * list, either or both); `size` rows are read from the start of what lies between them (`first`),
 * or from its end (`last`, `backward`), and returned in the list's order either way.
 */
export interface PageArgs {
  size: number;
  backward: boolean;
  after: string | null;
  before: string | null;
}

/** One page of rows, fetched with one extra row to know whether another page follows in the reading direction. */
export interface Page<T extends { id: string }> {
  rows: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * A page from the rows fetched in reading order (descending ids when backward), at most size + 1:
 * the extra row tells that more lie beyond in that direction. On the other side, a cursor means its
 * own row lies there (Relay lets a server answer this without a further query).
 */
export function toPage<T extends { id: string }>(fetched: T[], args: PageArgs): Page<T> {
  const rows = fetched.slice(0, args.size);
  const more = fetched.length > args.size;
  if (args.backward) return { rows: rows.reverse(), hasPreviousPage: more, hasNextPage: args.before !== null };
  return { rows, hasNextPage: more, hasPreviousPage: args.after !== null };
}

const CURSOR_PREFIX = 'c1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque, and stable while rows are added or removed. */
export const encodeCursor = (id: string): string => Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');

/** The row id behind a cursor, or undefined when it is not a cursor of ours. */
export function decodeCursor(cursor: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = decoded.slice(CURSOR_PREFIX.length);
  return decoded.startsWith(CURSOR_PREFIX) && UUID.test(id) ? id : undefined;
}
