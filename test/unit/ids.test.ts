import { describe, expect, it } from 'vitest';
import { encodeCursor, toPage } from '../../src/core/pages.js';
import { pageArgs } from '../../src/graphql/connection.js';
import { fromGlobalId, newId, parseGlobalId, toGlobalId } from '../../src/core/ids.js';

describe('global IDs', () => {
  it('round-trip and carry their type', () => {
    const id = newId();
    const global = toGlobalId('Client', id);
    expect(global).not.toContain(id);
    expect(fromGlobalId(global)).toEqual({ type: 'Client', id });
    expect(parseGlobalId(global, 'Client')).toBe(id);
    expect(parseGlobalId(global, 'Environment')).toBeUndefined();
  });

  it('reject garbage, unknown types and non-canonical encodings', () => {
    expect(fromGlobalId('')).toBeUndefined();
    expect(fromGlobalId('not base64 at all!')).toBeUndefined();
    expect(fromGlobalId(Buffer.from(`User:${newId()}`).toString('base64url'))).toBeUndefined();
    expect(fromGlobalId(Buffer.from('Client:42').toString('base64url'))).toBeUndefined();
    expect(fromGlobalId(`${toGlobalId('Client', newId())}=`)).toBeUndefined();
  });

  it('are time-ordered, so ordering by id is ordering by creation', () => {
    const ids = Array.from({ length: 200 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('page arguments', () => {
  it('default to 20, accept 0..100 and decode cursors', () => {
    expect(pageArgs(undefined, undefined)).toEqual({ first: 20, after: null });
    const id = newId();
    expect(pageArgs(5, encodeCursor(id))).toEqual({ first: 5, after: id });
    expect(() => pageArgs(101, null)).toThrow(/first/);
    expect(() => pageArgs(-1, null)).toThrow(/first/);
    expect(() => pageArgs(10, 'bogus')).toThrow(/cursor/);
  });

  it('detect a following page from one extra row', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, { first: 2, after: null })).toEqual({ rows: rows.slice(0, 2), hasNextPage: true, hadCursor: false });
    expect(toPage(rows.slice(0, 2), { first: 2, after: 'x' })).toEqual({ rows: rows.slice(0, 2), hasNextPage: false, hadCursor: true });
  });
});
