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
    expect(pageArgs({})).toEqual({ size: 20, backward: false, after: null, before: null });
    const id = newId();
    expect(pageArgs({ first: 5, after: encodeCursor(id) })).toEqual({ size: 5, backward: false, after: id, before: null });
    expect(() => pageArgs({ first: 101 })).toThrow(/first/);
    expect(() => pageArgs({ first: -1 })).toThrow(/first/);
    expect(() => pageArgs({ first: 10, after: 'bogus' })).toThrow(/cursor/);
  });

  it('read backward with last, or with before alone; refuse first together with last', () => {
    const id = newId();
    expect(pageArgs({ last: 5, before: encodeCursor(id) })).toEqual({ size: 5, backward: true, after: null, before: id });
    expect(pageArgs({ last: 3 })).toEqual({ size: 3, backward: true, after: null, before: null });
    expect(pageArgs({ before: encodeCursor(id) })).toEqual({ size: 20, backward: true, after: null, before: id });
    expect(pageArgs({ first: 2, before: encodeCursor(id) })).toEqual({ size: 2, backward: false, after: null, before: id });
    expect(() => pageArgs({ first: 1, last: 1 })).toThrow(/first or last, not both/);
    expect(() => pageArgs({ last: 101 })).toThrow(/last must be between 0 and 100/);
    expect(() => pageArgs({ last: -1 })).toThrow(/last/);
    expect(() => pageArgs({ last: 1, before: 'bogus' })).toThrow(/before is not a cursor/);
  });

  it('detect a following page from one extra row', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const forward = { backward: false, before: null };
    expect(toPage(rows, { ...forward, size: 2, after: null })).toEqual({ rows: rows.slice(0, 2), hasNextPage: true, hasPreviousPage: false });
    expect(toPage(rows.slice(0, 2), { ...forward, size: 2, after: 'x' })).toEqual({ rows: rows.slice(0, 2), hasNextPage: false, hasPreviousPage: true });
  });

  it('detect an earlier page from one extra row when reading backward, and return the rows in the list’s order', () => {
    const descending = [{ id: 'c' }, { id: 'b' }, { id: 'a' }];
    const backward = { backward: true, after: null };
    expect(toPage(descending, { ...backward, size: 2, before: null })).toEqual({ rows: [{ id: 'b' }, { id: 'c' }], hasNextPage: false, hasPreviousPage: true });
    expect(toPage(descending.slice(1), { ...backward, size: 2, before: 'd' })).toEqual({ rows: [{ id: 'a' }, { id: 'b' }], hasNextPage: true, hasPreviousPage: false });
  });
});
