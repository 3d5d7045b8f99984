/** Keyset pagination: ids are time-ordered UUIDs, so a page after a cursor is simply id > cursor. */

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Validated forward-pagination arguments; `after` is the internal id of the last row seen. */
export interface PageArgs {
  first: number;
  after: string | null;
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
