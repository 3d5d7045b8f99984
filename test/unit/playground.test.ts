import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../../src/http/playground.js';
import { isLoopbackPeer, signInClaims } from '../../src/http/playground-sign-in.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';

describe('the playground', () => {
  it('preloads example operations that are valid against the served schema', async () => {
    const document = parse(EXAMPLE_OPERATIONS);
    expect(validate(await buildGraphQLSchema(), document).map((e) => e.message)).toEqual([]);
    const names = document.definitions.map((d) => ('name' in d ? d.name?.value : undefined));
    expect(names).toEqual(expect.arrayContaining(['Environments', 'CreateEnvironment', 'RegisterClient']));
  });
});

describe('the playground sign-in request', () => {
  const problems = (body: unknown) => {
    const checked = signInClaims(body);
    return 'problems' in checked ? checked.problems.map((p) => `${p.field}: ${p.message}`) : [];
  };

  it('takes org, roles and an optional sub (dev-user by default), trimmed and without repeated roles', () => {
    expect(signInClaims({ org: ' acme ', roles: ['organization_admin', 'developer', 'organization_admin'], sub: ' alice ' })).toEqual({
      claims: { org: 'acme', roles: ['organization_admin', 'developer'], sub: 'alice' },
    });
    expect(signInClaims({ org: 'acme', roles: [] })).toEqual({ claims: { org: 'acme', roles: [], sub: 'dev-user' } });
    expect(signInClaims({ org: 'acme', sub: '  ', roles: ['team.reader', 'app:viewer', 'x-1'] })).toEqual({
      claims: { org: 'acme', roles: ['team.reader', 'app:viewer', 'x-1'], sub: 'dev-user' },
    });
    expect(signInClaims({ org: 'acme' })).toEqual({ claims: { org: 'acme', roles: [], sub: 'dev-user' } });
  });

  it('names every problem: blank, long or control-character org and sub, odd roles, unknown fields, non-objects', () => {
    expect(problems(null)).toEqual([expect.stringMatching(/^null: Send a JSON object/)]);
    expect(problems(['acme'])).toEqual([expect.stringMatching(/^null: Send a JSON object/)]);
    expect(problems('acme')).toEqual([expect.stringMatching(/^null: Send a JSON object/)]);
    expect(problems({ roles: [] })).toEqual(['org: org must be a non-blank string']);
    expect(problems({ org: '   ' })).toEqual(['org: org must not be blank']);
    expect(problems({ org: 42 })).toEqual(['org: org must be a non-blank string']);
    expect(problems({ org: 'a'.repeat(256) })).toEqual(['org: org must be at most 255 characters']);
    expect(problems({ org: 'ac\nme' })).toEqual([expect.stringMatching(/^org: org must not contain control/)]);
    expect(problems({ org: 'acme\u202e' })).toEqual([expect.stringMatching(/^org: org must not contain control/)]);
    expect(problems({ org: 'acme', sub: 'al\u0000ice' })).toEqual([expect.stringMatching(/^sub: sub must not contain control/)]);
    expect(problems({ org: 'acme', sub: 'a'.repeat(256) })).toEqual(['sub: sub must be at most 255 characters']);
    expect(problems({ org: 'acme', sub: ['alice'] })).toEqual(['sub: sub must be a string']);
    expect(problems({ org: 'acme', roles: 'organization_admin' })).toEqual([expect.stringMatching(/^roles: roles must be an array of strings/)]);
    expect(problems({ org: 'acme', roles: ['organization_admin', 7] })).toEqual([expect.stringMatching(/^roles: roles must be an array of strings/)]);
    expect(problems({ org: 'acme', roles: Array.from({ length: 11 }, (_, i) => `role${i}`) })).toEqual(['roles: roles must list at most 10 roles']);
    expect(problems({ org: 'acme', roles: ['organization admin'] })).toEqual([expect.stringMatching(/^roles: "organization admin" is not a role name/)]);
    expect(problems({ org: 'acme', roles: ['r'.repeat(65)] })).toEqual([expect.stringMatching(/is not a role name/)]);
    expect(problems({ org: 'acme', roles: ['<script>'] })).toEqual([expect.stringMatching(/is not a role name/)]);
    expect(problems({ org: 'acme', roles: [''] })).toEqual([expect.stringMatching(/is not a role name/)]);
    expect(problems({ org: 'acme', exp: 9_999_999_999 })).toEqual([expect.stringMatching(/^exp: "exp" is not a field/)]);
    // All at once.
    expect(problems({ org: '', roles: 'admin', sub: 1, iss: 'x' })).toHaveLength(4);
  });
});

describe('who may sign in from the playground', () => {
  it('is a caller on this machine only: the socket peer is a loopback address', () => {
    for (const peer of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1']) expect([peer, isLoopbackPeer(peer)]).toEqual([peer, true]);
    for (const peer of ['192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fd00::2', '::2', '', undefined, '127.0.0.1.evil']) expect([peer, isLoopbackPeer(peer)]).toEqual([peer, false]);
  });
});
